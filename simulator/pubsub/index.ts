/**
 * Pub/sub fan-out: channels and their slots, shards, workers, client queues and delivery, as a
 * deterministic discrete-event simulation. This file is the folder's only door.
 */
export { crc16 } from './crc16';
export { keyHashSlot, keyHashSlotBytes, CLUSTER_SLOTS } from './hash-slot';
export { evenSlotRanges, shardOfSlotTable, MAX_SHARDS } from './slots';
export type { SlotRange } from './slots';
export { channelName } from './channels';
export type { ChannelTable } from './channels';
export { compilePubsubPlan, MAX_PUBLISHES } from './plan';
export type {
  PubsubPlan, PubsubPlanOptions, PlanClass, PlanGroup, PlanAudience, PlanFailure, DeliveryKind, QueuePolicy, FailureKind,
} from './plan';
export { PubsubSimulation } from './simulation';
export { fanoutOf, imbalancePct } from './result';
export { runPubsub } from './run';
export type { PubsubRun, PubsubRunOptions } from './run';
export { PUBSUB_DEPARTURES } from './departures';
export { pushBytes, busBytes } from './wire';
export type {
  PubsubMetrics, PubsubSnapshot, PubsubClassMetrics, PubsubWorkerMetrics, PubsubShardMetrics,
  PubsubConnectionMetrics, PubsubDeliveryCounts, FanoutLatency,
} from '../run/schema';
