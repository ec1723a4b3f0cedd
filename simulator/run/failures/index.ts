/** The cache side's failure timeline in the simulated engine (plan.ts states the model). */
export { compileFailures, pubsubFailuresOf, AOF_EVERYSEC_LOSS_MS, MANUAL_FAILOVER_MS, PROMOTION_MS } from './plan';
export type { PlannedFailure, PlannedFailures, PlannedWindow } from './plan';
export { FailurePort } from './failure-port';
export { FailureRun, shardOfKey } from './failure-run';
export { failureMetrics } from './metrics';
export { forkHeadroom, FORK_WRITE_BYTES_PER_SEC, PAGE_BYTES } from './headroom';
export { FAILURE_DEPARTURES } from './departures';
