/** Rate limiters as a RunPlan holds them: resolved numbers, and where their keys sit among key ids. */
import type { KeySkew } from '../traffic';
import type { LimiterSpec } from './create';

export interface PlannedLimiter extends LimiterSpec {
  index: number;
  name: string;
  pattern: string;
  keyedBy: 'ip' | 'user' | 'apiKey' | 'endpoint';
  clients: number;
  skew: KeySkew;
  /** Decides and counts without refusing (a dry run). */
  shadow: boolean;
  /** The cache group of its keys (after the namespaces' groups). */
  group: number;
  /** First key id of its clients' keys: ids keyIdOffset … keyIdOffset + clients − 1. */
  keyIdOffset: number;
  /** Key length = keyFixedBytes + placeholderCount × (decimal digits of the client index). */
  keyFixedBytes: number;
  placeholderCount: number;
}

export interface PlannedAbuse {
  /** Share (0…1) of each limiter's clients that are abusive: the last ones of its population. */
  clientsShare: number;
  /** An abusive client sends this many times the mean client's rate. */
  rateMultiple: number;
  /** Abusive clients send only within this many ms of a window edge; null: at any time. */
  edgeMs: number | null;
}

export interface PlannedRateLimits {
  limiters: PlannedLimiter[];
  abuse: PlannedAbuse | null;
}
