/** Running designs: plans, the Engine contract, the simulated engine, results and assertions. */
export { compilePlan, PlanError, RUN_PLAN_VERSION } from './plan';
export type { CompileOptions, InvalidationAction, OperationKind, PlannedNamespace, PlannedOperation, PlannedPhase, PlannedRule, PlannedServer, RunPlan } from './plan';
export { SimulatedEngine, simulate } from './engine';
export type { Engine, SimulatedEngineOptions } from './engine';
export { SimRun } from './sim-run';
export { RUN_RESULT_VERSION, NULL_SINK } from './result';
export type { CacheMetrics, CancelSignal, LatencyMetrics, NamespaceMetrics, OriginMetrics, RunProgress, RunResult, RunSink, Snapshot, WholeCacheMetrics } from './result';
export { checkAssertion, formatValue, parseAssertion, registerMetric } from './assertions';
export type { Assertion, AssertionOutcome } from './assertions';
export { NamespaceKeys, MAX_TOTAL_KEYS, decimalDigits } from './namespace-keys';
export { lruStackCurve, sweepCurve } from './miss-ratio-curve';
export type { CurvePoint, StackCurve } from './miss-ratio-curve';
