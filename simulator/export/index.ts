/**
 * Export: a design turned into the files that ship it — .env, a redis.conf fragment, a compose
 * file, TypeScript (ioredis) and Python (redis-py) modules, Prometheus alert rules, and a review
 * report (HTML and Markdown) — plus the design diff and the .env / redis.conf importers.
 * Pure: no node:*, no clock, no randomness; the same design gives the same bytes.
 */
export { EXPORT_FORMATS, EXPORT_FILE_NAMES } from './types';
export type {
  ConnectionSpec, ExportFile, ExportFormat, ExportOptions, FidelityInput, FidelityRow, LabelledResult, ReportInput,
} from './types';
export { exportDesign, emitFormat } from './export';
export type { ExportOutcome } from './export';
export { exportFacts, redactConnectionUrl } from './facts';
export type { ExportFacts } from './facts';
export { envEntries } from './env';
export { composeDocument, REDIS_IMAGE } from './compose';
export { alertRules } from './alerts';
export type { AlertRule } from './alerts';
export { designHash, designStamp, readStamp, canonicalJson } from './header';
export type { DesignStamp } from './header';
export { sha256Hex } from './sha256';
export { diffDesigns } from './diff';
export type { DesignChange, DesignDiff, MetricDelta } from './diff';
export { importEnv } from './import';
export { importConf } from './import-conf';
export type { ImportOptions, ImportResult } from './import';
export { mergeIntoDesignText } from './yaml-merge';
export type { MergedChange } from './yaml-merge';
export { seriesCsv } from './series-csv';
export { crc32, zipFiles } from './zip';
export type { SeriesSource } from './series-csv';
export { fidelityDiffRows } from './report-model';
