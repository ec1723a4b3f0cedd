/**
 * The RunResult schema (zod) and the types derived from it: the one definition of what a run
 * returns and streams, light enough for the WorkbenchApi contract and the renderer to import.
 */
export { RUN_RESULT_VERSION, liveRunResultSchema, runResultSchema } from './run-result';
export type { LiveRunResult, RunResult } from './run-result';
export { snapshotSchema } from './snapshot';
export type { Snapshot } from './snapshot';
export {
  cacheMetricsSchema, latencyMetricsSchema, namespaceMetricsSchema, networkMetricsSchema, originMetricsSchema, wholeCacheMetricsSchema,
} from './metrics';
export type { CacheMetrics, LatencyMetrics, NamespaceMetrics, NetworkMetrics, OriginMetrics, WholeCacheMetrics } from './metrics';
export { fanoutLatencySchema, histogramSchema, pubsubMetricsSchema, pubsubSnapshotSchema } from './pubsub';
export type {
  FanoutLatency, PubsubClassMetrics, PubsubConnectionMetrics, PubsubDeliveryCounts, PubsubMetrics, PubsubShardMetrics,
  PubsubSnapshot, PubsubWorkerMetrics,
} from './pubsub';
export { LIVE_COMMANDS, REDIS_ERROR_CODES, liveRunDetailsSchema, runErrorSchema } from './live';
export type { CommandLatency, LiveCommand, LiveGap, LiveRunDetails, RedisErrorCode, RunError } from './live';
export { fidelityInputSchema, fidelityMetricSchema, fidelityReportSchema, fidelityRowSchema } from './fidelity';
export type { FidelityInput, FidelityMetric, FidelityReport, FidelityRow } from './fidelity';
export { migrateFidelityReportJson, migrateRunResultJson, savedFidelityReportSchema, savedRunResultSchema } from './saved';
export { limiterDecisionsSchema, rateLimitMetricsSchema, rateLimitSnapshotSchema } from './rate-limits';
export type { LimiterDecisions, RateLimitMetrics, RateLimitSnapshot } from './rate-limits';
