/**
 * Replaying a plain key trace (`keyspace run --trace keys.txt`): each line is a cache-aside read —
 * GET, and on a miss an origin load then SET — of a recorded key. A key takes the TTL and value
 * size of the first namespace whose pattern it matches; keys that match none join an
 * "(unmatched)" namespace with the first namespace's TTL and sizes. Requests arrive at the rate of
 * the design's first phase.
 */
import type { KeyInterner } from '../trace';
import { keyClassifier } from './key-classifier';
import { rateAtPerSec } from '../traffic';
import type { KeyLayout } from './namespace-keys';
import type { PlannedNamespace, RunPlan } from './plan';
import type { RequestSource } from './workload';

/** The requests of a parsed trace: key ids from the interner and optional value sizes (−1). */
export interface KeyTrace {
  interner: KeyInterner;
  ids: Int32Array;
  valueBytes: Int32Array;
  count: number;
}

export const UNMATCHED_NAMESPACE = '(unmatched)';

/** Keys met in a trace, grouped by the namespace pattern each matches. */
export class TraceKeys implements KeyLayout {
  readonly totalKeys: number;
  readonly groups: Uint16Array;
  readonly keysPerNamespace: Int32Array;

  constructor(private readonly interner: KeyInterner, namespaces: ReadonlyArray<PlannedNamespace>) {
    this.totalKeys = interner.size;
    this.groups = new Uint16Array(interner.size);
    this.keysPerNamespace = new Int32Array(namespaces.length + 1);
    const classify = keyClassifier(namespaces.map((ns) => ns.pattern));
    for (let id = 0; id < interner.size; id++) {
      const group = classify(interner.keyOf(id));
      this.groups[id] = group;
      this.keysPerNamespace[group]++;
    }
  }

  namespaceOf(id: number): number {
    return this.groups[id];
  }

  keyBytes(id: number): number {
    return this.interner.keyBytes(id);
  }

  forEachKeyOf(namespace: number, visit: (id: number) => void): void {
    for (let id = 0; id < this.groups.length; id++) if (this.groups[id] === namespace) visit(id);
  }
}

/** The plan a trace runs under: the design's namespaces plus "(unmatched)", reads only. */
export function tracePlan(plan: RunPlan, keys: { readonly keysPerNamespace: Int32Array }, requests: number): RunPlan {
  const first = plan.namespaces[0];
  const namespaces: PlannedNamespace[] = [
    ...plan.namespaces.map((ns) => ({ ...ns, cardinality: keys.keysPerNamespace[ns.index] })),
    { ...first, index: plan.namespaces.length, name: UNMATCHED_NAMESPACE, pattern: '*', cardinality: keys.keysPerNamespace[plan.namespaces.length] },
  ];
  const ratePerSec = traceRatePerSec(plan);
  const durationMs = (requests / ratePerSec) * 1000;
  return {
    ...plan,
    requestBudget: requests,
    namespaces,
    operations: [{ namespaceIndex: 0, kind: 'read', weight: 1 }],
    rules: [],
    phases: [{ name: 'trace', startMs: 0, durationMs, shape: { kind: 'steady', ratePerSec }, expectedRequests: requests }],
    snapshotIntervalMs: Math.max(10, Math.ceil(durationMs / 300)),
  };
}

/** Requests per second a trace is replayed at: the first phase's starting rate. */
export function traceRatePerSec(plan: RunPlan): number {
  const first = plan.phases[0];
  return Math.max(1, rateAtPerSec(first.shape, first.durationMs, 0));
}

/** Requests of a parsed trace, one every 1/rate seconds. */
export class TraceSource implements RequestSource {
  timeMs = 0;
  readonly operation = 0;
  keyId = 0;
  valueBytesHint = -1;
  produced = 0;
  readonly total: number;
  readonly endMs: number;
  readonly phaseName = 'trace';
  private readonly intervalMs: number;

  constructor(private readonly trace: KeyTrace, ratePerSec: number) {
    this.total = trace.count;
    this.intervalMs = 1000 / ratePerSec;
    this.endMs = trace.count * this.intervalMs;
  }

  next(): boolean {
    const i = this.produced;
    if (i >= this.total) return false;
    this.keyId = this.trace.ids[i];
    this.valueBytesHint = this.trace.valueBytes[i];
    this.timeMs = i * this.intervalMs;
    this.produced = i + 1;
    return true;
  }

  peekKeyId(ahead: number): number {
    const i = this.produced - 1 + ahead;
    return i < this.total ? this.trace.ids[i] : -1;
  }
}
