/** Running designs: plans, the Engine contract, the simulated engine, results and assertions. */
export { compilePlan, PlanError, RUN_PLAN_VERSION } from './plan';
export type { CompileOptions, InvalidationAction, OperationKind, PlannedNamespace, PlannedOperation, PlannedPhase, PlannedRule, PlannedServer, RunPlan } from './plan';
export { SimulatedEngine, simulate } from './engine';
export type { Engine, SimulatedEngineOptions } from './engine';
export { SimRun } from './sim-run';
export type { SimRunOptions } from './sim-run';
export { Workload } from './workload';
export type { RequestSource } from './workload';
export { NULL_SINK } from './result';
export type { CancelSignal, RunProgress, RunSink } from './result';
export {
  cacheMetricsSchema, fidelityInputSchema, fidelityMetricSchema, fidelityReportSchema, fidelityRowSchema, LIVE_COMMANDS, latencyMetricsSchema,
  liveRunDetailsSchema, liveRunResultSchema, migrateRunResultJson, namespaceMetricsSchema, pubsubMetricsSchema, pubsubSnapshotSchema, REDIS_ERROR_CODES,
  RUN_RESULT_VERSION, runErrorSchema, runResultSchema, savedFidelityReportSchema, savedRunResultSchema, snapshotSchema,
} from './schema';
export type {
  CacheMetrics, CommandLatency, FidelityInput, FidelityMetric, FidelityReport, FidelityRow, LatencyMetrics, LiveCommand, LiveGap,
  LiveRunDetails, LiveRunResult, NamespaceMetrics, OriginMetrics, RateLimitMetrics, RateLimitSnapshot, RedisErrorCode, RunError, RunResult, Snapshot,
  WholeCacheMetrics,
} from './schema';
export { checkAssertion, evaluateTargets, formatValue, parseAssertion, rateLimitOfMetric, registerMetric } from './assertions';
export type { Assertion, AssertionOutcome, TargetOutcome } from './assertions';
export { NamespaceKeys, MAX_TOTAL_KEYS, decimalDigits } from './namespace-keys';
export type { KeyLayout } from './namespace-keys';
export { lruStackCurve, sweepCurve } from './miss-ratio-curve';
export type { CurvePoint, StackCurve } from './miss-ratio-curve';
export { adaptiveSampleRate, curvePass, miniSimMisses, policyCurve, SAMPLED_KEYS_TARGET, sampleLayoutOf } from './policy-curve';
export type { CurvePass, MiniSimJob, PolicyCurve, PolicyCurveOptions } from './policy-curve';
export { APP_CURVE_MIN_KEYS, APP_CURVE_REQUESTS, APP_CURVE_SIMULATED, appCurve, appCurveBudget, appCurveOf, plannedRequests } from './app-curve';
export type { AppCurve } from './app-curve';
export { keyClassifier } from './key-classifier';
export { TraceKeys, TraceSource, tracePlan, traceRatePerSec, UNMATCHED_NAMESPACE } from './trace-replay';
export { SampleHalves, StreamedTraceKeys, StreamedTraceSource, traceSnapshotIntervalMs } from './trace-stream';
export type { TraceBatch } from './trace-stream';
export type { KeyTrace } from './trace-replay';
export { scalePlan, scalingNotes } from './scale-plan';
export { CONTAINER_IMAGE, IMAGE_REFERENCE, isImageReference, MAX_IMAGE_NAME } from './container-image';
export { chooseScale, DEFAULT_MAX_RATE_PER_SEC, DEFAULT_TARGET_SECONDS, expiringNamespaces, formatSpeed, MIN_SCALED_TTL_MS, parseSpeed, peakRatePerSec, planSpanMs, resolveSpeed } from './time-scale';
export type { SpeedChoice, SpeedLimits, SpeedRequest, TimeScale } from './time-scale';
export { budgetExtension } from './budget';
export { MAX_SUBSCRIBER_CONNECTIONS, nonKeyMemoryOf, RUN_SETUP_COMMANDS, serverMemoryInputsOf, trafficCommandsOf } from './server-memory';
export { clusterMemory } from './cluster-memory';
export type { ClusterMemory } from './cluster-memory';
export { RecordedRun, recordedPlan, RECORDED_REPLAY_DEPARTURES } from './recorded-replay';
export { RecordedKeyLayout } from './recorded-keys';
export { RecordedClient } from './recorded-client';
export { NO_KEY, RecordedModelPort, RECORDED_VERSION } from './recorded-port';
export type { RecordedPort } from './recorded-port';
export type { RecordedRunOptions, RecordingSummary } from './recorded-replay';
export { APP_WAYS_OUT, CLI_WAYS_OUT, costProblems, DEFAULT_COST_LIMITS, describeCost, estimateCost } from './cost';
export type { CostLimits, RunCost } from './cost';
export { DIP_BEFORE_MS, DIP_BUCKET_MS, dipOf, seriesBetween } from './failures/dip';
export { compareFailures, formatFailureFidelity } from './failures/fidelity';
export type { FailureFidelityRow } from './failures/fidelity';
