/**
 * Metric primitives: latency histograms, windowed counters over virtual time, and one-pass LRU
 * miss-ratio curves.
 */
export { LatencyHistogram, MAX_LATENCY_US } from './histogram';
export type { HistogramBucket, LatencyHistogramOptions } from './histogram';
export { TimeWeightedGauge, WindowedRate } from './counters';
export { LruStackDistance } from './mrc';
export type { CacheSizeUnit, LruStackDistanceOptions } from './mrc';
