/** The one entry point: a design (and optional run results) → the files of the chosen formats. */
import type { Design } from '../model';
import { emitAlerts } from './alerts';
import { emitCompose } from './compose';
import { emitConf } from './conf';
import { emitEnv } from './env';
import type { ExportFacts } from './facts';
import { exportFacts } from './facts';
import { emitPython } from './python';
import { emitReportHtml } from './report-html';
import { emitReportMarkdown } from './report-md';
import { emitTypeScript } from './ts-module';
import type { ExportFile, ExportFormat, ExportOptions, ReportInput } from './types';
import { EXPORT_FILE_NAMES, EXPORT_FORMATS } from './types';

export interface ExportOutcome {
  files: ExportFile[];
  /** What the export changed or left out (an exact-lru policy, a password in a URL). */
  warnings: string[];
}

/** The text of one format. */
export function emitFormat(facts: ExportFacts, format: ExportFormat, report: ReportInput = {}): string {
  switch (format) {
    case 'env': return emitEnv(facts);
    case 'conf': return emitConf(facts);
    case 'compose': return emitCompose(facts);
    case 'ts': return emitTypeScript(facts);
    case 'python': return emitPython(facts);
    case 'alerts': return emitAlerts(facts, report);
    case 'report': return emitReportHtml(facts, report);
    case 'md': return emitReportMarkdown(facts, report);
  }
}

/**
 * Exports a validated design for one environment. Formats are written in EXPORT_FORMATS order
 * whatever order they were asked in, so a file list is stable too.
 */
export function exportDesign(
  design: Design, options: ExportOptions, formats: ReadonlyArray<ExportFormat> = EXPORT_FORMATS, report: ReportInput = {},
): ExportOutcome {
  const facts = exportFacts(design, options);
  const wanted = new Set(formats);
  const files = EXPORT_FORMATS.filter((format) => wanted.has(format))
    .map((format): ExportFile => ({ format, path: EXPORT_FILE_NAMES[format], text: emitFormat(facts, format, report) }));
  return { files, warnings: [...facts.warnings] };
}
