/**
 * The live engine: the plan's cache traffic replayed on a real Redis (managed or a user's), the
 * fidelity check that puts it next to the simulator, and the fast RESP pipeline it runs on.
 */
export { LiveEngine, newLiveRunId, serverSettingsOf } from './live-engine';
export type { LiveEngineOptions, LiveTarget } from './live-engine';
export type { LiveRunResult, LiveRunDetails, LiveGap, CommandLatency, LiveCommand } from './live-types';
export { LIVE_COMMANDS } from './live-types';
export { RespPipeline, RespConnectError } from './resp-pipeline';
export type { ReplyListener, RespPipelineOptions } from './resp-pipeline';
export { parseInfo, parseInfoFields } from './info';
export type { InfoSample } from './info';
export { runFidelity, formatFidelity, compareResults, FIDELITY_METRICS } from './fidelity';
export type { FidelityOptions, FidelityReport, FidelityMetric, FidelityMetricName } from './fidelity';
export { calibratedPlan } from './fidelity';
export { LivePubsub, LIVE_PUBSUB_DEPARTURES, MAX_SUBSCRIBERS, clusterShardSlots } from './live-pubsub';
export type { LivePubsubOptions } from './live-pubsub';
export { failureScenarioOf } from './failure-scenario';
export type { LiveFailureScenario, LiveFailureEvent } from './failure-scenario';
export { compareFailures, formatFailureFidelity } from '../../run';
export type { FailureFidelityRow } from '../../run';
