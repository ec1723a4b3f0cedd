/**
 * Versions and the invalidation rules: every entity write bumps a sequence number, the key's true
 * version; the cache holds a value of some version; a rule's delete, pattern delete, write-through
 * or write-behind (after its propagation delay) is put on the client's agenda. A read is stale
 * when the cached version is older than the key's (or its namespace's, after a pattern rule) true
 * one — counted exactly, as the client knows every version. Write-behind values reach the origin
 * later: a load meanwhile reads the version before.
 */
import type { EventQueue } from '../../cache/event-queue';
import type { PlannedRule, RunPlan } from '../plan';
import { DELETE_KEY, DELETE_NAMESPACE, PERSIST, SET_FRESH } from './agenda';

export class Versions {
  /** Write sequence number: the count of entity writes so far (0: no write yet, no read can be stale). */
  seq = 0;
  /** Per-key state; empty arrays while the plan has no write (reads never index them then). */
  private lastWriteSeq: Int32Array;
  /** The version of the value the cache holds, per key. */
  private cachedSeq: Int32Array;
  /** Write-behind writes not yet at the origin, per key. */
  private unpersisted: Uint16Array;
  private readonly namespaceDirtySeq: Int32Array;
  private readonly tracksWrites: boolean;
  private readonly rulesByNamespace: PlannedRule[][];
  /** Per namespace: whether a write-behind rule answers its writes (the origin gets them later). */
  private readonly behind: Uint8Array;

  constructor(plan: RunPlan, keys: number) {
    this.tracksWrites = plan.operations.some((op) => op.kind === 'write');
    this.lastWriteSeq = new Int32Array(this.tracksWrites ? keys : 0);
    this.cachedSeq = new Int32Array(this.tracksWrites ? keys : 0);
    this.unpersisted = new Uint16Array(this.tracksWrites ? keys : 0);
    this.namespaceDirtySeq = new Int32Array(plan.namespaces.length);
    this.rulesByNamespace = plan.namespaces.map((ns) => plan.rules.filter((rule) => rule.on === ns.index));
    this.behind = Uint8Array.from(this.rulesByNamespace, (rules) => (rules.some((rule) => rule.action === 'write-behind') ? 1 : 0));
  }

  /** Room for `keys` keys (a trace's layout grew). */
  grow(keys: number): void {
    if (!this.tracksWrites) return;
    this.lastWriteSeq = grown(this.lastWriteSeq, new Int32Array(keys));
    this.cachedSeq = grown(this.cachedSeq, new Int32Array(keys));
    this.unpersisted = grown(this.unpersisted, new Uint16Array(keys));
  }

  /** Whether a hit on key `id` of namespace `ns` returned an older version than the truth (call only once seq ≠ 0). */
  stale(ns: number, id: number): boolean {
    return this.cachedSeq[id] < Math.max(this.lastWriteSeq[id], this.namespaceDirtySeq[ns]);
  }

  /** The version a load of key `id` reads now: the origin still holds the old one while a write-behind is pending. */
  loadVersion(id: number): number {
    return this.seq !== 0 && this.unpersisted[id] > 0 ? this.lastWriteSeq[id] - 1 : this.seq;
  }

  /** The cache stored key `id` at `version`. */
  stored(id: number, version: number): void {
    // Without writes every version is 0 and nothing reads it.
    if (this.tracksWrites) this.cachedSeq[id] = version;
  }

  /** A write-behind's write of key `id` reached the origin. */
  persisted(id: number): void {
    this.unpersisted[id]--;
  }

  /** Whether writes to namespace `ns` go to the cache first, the origin later (write-behind). */
  writesBehind(ns: number): boolean {
    return this.behind[ns] === 1;
  }

  hasRules(ns: number): boolean {
    return this.rulesByNamespace[ns].length > 0;
  }

  /**
   * An entity write of key `id` at `nowMs`, done at the origin at `doneMs`: the new version, and
   * the namespace's rules on the agenda, each after its delay.
   */
  write(events: EventQueue, ns: number, id: number, nowMs: number, doneMs: number): void {
    const seq = ++this.seq;
    this.lastWriteSeq[id] = seq;
    const rules = this.rulesByNamespace[ns];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const at = doneMs + rule.delayMs;
      switch (rule.action) {
        case 'delete':
          events.push(at, DELETE_KEY, id, 0);
          break;
        case 'delete-pattern':
          for (const target of rule.targets) {
            this.namespaceDirtySeq[target] = seq;
            events.push(at, DELETE_NAMESPACE, target, 0);
          }
          break;
        case 'write-through':
          events.push(at, SET_FRESH, id, seq);
          break;
        case 'write-behind':
          this.unpersisted[id]++;
          events.push(nowMs, SET_FRESH, id, seq);
          events.push(nowMs + Math.max(rule.delayMs, 0), PERSIST, id, 0);
          break;
        case 'ttl-only':
          for (const target of rule.targets) if (target !== ns) this.namespaceDirtySeq[target] = seq;
          break;
      }
    }
  }
}

export function grown<T extends Int32Array | Uint16Array | Float64Array>(from: T, to: T): T {
  to.set(from); return to;
}
