/**
 * The failure timeline running inside a simulated run (plan.ts states the model of each kind).
 * The step loop calls advanceTo when virtual time reaches `nextMs` (an event begins, a window
 * ends, a warm-up load is due) and asks
 * `intercepts` about each request while a window is open; with no failures there is no
 * FailureRun and the step loop does no per-request work for it.
 */
import type { Simulation } from '../simulation';
import type { FailurePort, Outage } from './failure-port';
import type { PlannedFailure, PlannedFailures, PlannedWindow } from './plan';

export interface EventState {
  readonly event: PlannedFailure;
  /** The event's windows; a crash's LOADING window gets its end when the crash happens. */
  windows: PlannedWindow[];
  errors: number;
  failedRequests: number;
  fellThrough: number;
  keysLost: number;
  /** Issue time of the first request that errored and time of the last error (ms). */
  firstErrorMs: number;
  lastErrorMs: number;
  /** The run's stale reads when the event began (the event's are those until the next one). */
  staleAtStart: number;
  /** Keys the warm-up loaded, and when it issued the last one (ms). */
  warmedKeys: number;
  warmEndMs: number;
}

/** Keys of `shards` cluster masters by a hash of the key id (see FAILURE_DEPARTURES). */
export function shardOfKey(id: number, shards: number): number {
  return (Math.imul(id, 0x9e3779b1) >>> 0) % shards;
}

/** A share test for request `n` or key `id`: the same answer every time for the same number. */
function inShare(n: number, share: number): boolean {
  return share >= 1 || (Math.imul(n ^ 0x5bd1e995, 0x27d4eb2d) >>> 0) / 4294967296 < share;
}

export class FailureRun implements Outage {
  nextMs = 0;
  /** Reads that errored, all events. */
  errors = 0;
  readonly states: EventState[];
  private begun = 0;
  private open: EventState[] = [];
  private warm: { state: EventState; keys: Int32Array; next: number; atMs: number; stepMs: number } | null = null;

  constructor(readonly failures: PlannedFailures, private readonly sim: Simulation, private readonly port: FailurePort) {
    port.outage = this;
    this.states = failures.events.map((event) => ({
      event, windows: event.windows.map((w) => ({ ...w })), errors: 0, failedRequests: 0, fellThrough: 0, keysLost: 0,
      firstErrorMs: Number.POSITIVE_INFINITY, lastErrorMs: Number.NEGATIVE_INFINITY, staleAtStart: 0, warmedKeys: 0, warmEndMs: 0,
    }));
    this.nextMs = this.computeNext();
  }

  /** Applies everything due up to `nowMs`, in time order (the client's own events first). */
  advanceTo(nowMs: number): void {
    while (this.nextMs <= nowMs) {
      const t = this.nextMs;
      this.sim.drainEvents(t);
      while (this.begun < this.states.length && this.states[this.begun].event.atMs <= t) this.begin(this.states[this.begun++], t);
      this.open = this.open.filter((state) => state.windows[state.windows.length - 1].endMs > t);
      this.warmUpTo(t);
      this.nextMs = this.computeNext();
    }
  }

  /** Whether read `n` of key `id` errored (and was handled here); false: the read goes on as usual. */
  intercepts(nowMs: number, ns: number, id: number, n: number): boolean {
    if (this.open.length === 0 || !this.sim.plan.namespaces[ns].cacheable) return false;
    for (const state of this.open) {
      const { event, windows } = state;
      const k = windows.findIndex((w) => w.startMs <= nowMs && nowMs < w.endMs);
      if (k < 0 || (event.shard >= 0 && shardOfKey(id, this.failures.shards) !== event.shard) || !inShare(n, event.share)) continue;
      const w = windows[k];
      let delayMs = 0;
      if (w.mode === 'timeout') {
        delayMs = this.failures.commandTimeoutMs;
        if (nowMs + delayMs >= w.endMs) {
          // The offline queue delivers it once Redis is back, unless a LOADING window follows.
          if (k + 1 === windows.length) return false;
          delayMs = w.endMs - nowMs;
        }
      }
      this.errors++;
      state.errors++;
      state.firstErrorMs = Math.min(state.firstErrorMs, nowMs);
      state.lastErrorMs = Math.max(state.lastErrorMs, nowMs + delayMs);
      const fallThrough = this.failures.onRedisError === 'origin';
      if (fallThrough) state.fellThrough++;
      else state.failedRequests++;
      this.sim.readFailed(nowMs, ns, id, delayMs, fallThrough);
      return true;
    }
    return false;
  }

  /** Outage: whether a command on key `id` (−1: any key) fails at `atMs`. */
  blocksKey(atMs: number, id: number): boolean {
    for (const { event, windows } of this.open) {
      if (!windows.some((w) => w.startMs <= atMs && atMs < w.endMs)) continue;
      if (id >= 0 && event.shard >= 0 && shardOfKey(id, this.failures.shards) !== event.shard) continue;
      if (id >= 0 ? inShare(id, event.share) : event.share >= 1) return true;
    }
    return false;
  }

  /** Everything due up to the run's end is applied. */
  finish(endMs: number): void {
    this.advanceTo(endMs);
  }

  /** Stale reads of the whole run so far. */
  staleReads(): number {
    let total = 0;
    for (const value of this.sim.staleReads) total += value;
    return total;
  }

  private begin(state: EventState, atMs: number): void {
    const { event } = state;
    state.staleAtStart = this.staleReads();
    const warmKeys = this.failures.warmup && event.kind !== 'partition' ? this.cachedKeysOf(this.failures.warmup.namespaces, atMs) : null;
    if (event.keepUntilMs !== null) state.keysLost = this.rollBack(event, atMs);
    if (event.loads) {
      // The restarted server loads what survived before it answers: -LOADING meanwhile.
      const restartMs = state.windows[0].endMs;
      const loadMs = (this.sim.cache.stats.keys / this.failures.persistence.loadRatePerSec) * 1000;
      if (loadMs > 0) state.windows.push({ startMs: restartMs, endMs: restartMs + loadMs, mode: 'refused' });
    }
    if (warmKeys && warmKeys.length > 0 && this.failures.warmup) {
      const last = state.windows[state.windows.length - 1];
      this.warm = { state, keys: warmKeys, next: 0, atMs: last.endMs, stepMs: 1000 / this.failures.warmup.ratePerSec };
    }
    this.open.push(state);
  }

  /** Takes the keyspace back to what survives: keys SET after keepUntilMs revert to their previous SET, or go. */
  private rollBack(event: PlannedFailure, atMs: number): number {
    const { port } = this;
    const cache = this.sim.cache;
    const keep = event.keepUntilMs ?? Number.POSITIVE_INFINITY;
    let lost = 0;
    for (let id = 0; id < port.lastSetMs.length; id++) {
      const setMs = port.lastSetMs[id];
      if (setMs < 0 || setMs <= keep) continue;
      if (event.shard >= 0 && shardOfKey(id, this.failures.shards) !== event.shard) continue;
      if (!cache.has(id, atMs)) continue;
      const prevMs = port.prevSetMs[id];
      if (prevMs >= 0 && prevMs <= keep) {
        // The disk or the replica holds the SET before: the key survives with an older value.
        this.sim.restoreVersion(id, port.prevVersion[id]);
        port.lastSetMs[id] = prevMs;
        port.lastVersion[id] = port.prevVersion[id];
      } else {
        cache.del(id, atMs);
        lost++;
      }
    }
    return lost;
  }

  private cachedKeysOf(namespaces: number[], atMs: number): Int32Array {
    const ids: number[] = [];
    for (const ns of namespaces) {
      const { keyIdOffset, cardinality } = this.sim.plan.namespaces[ns];
      for (let id = keyIdOffset; id < keyIdOffset + cardinality; id++) if (this.sim.cache.has(id, atMs)) ids.push(id);
    }
    return Int32Array.from(ids);
  }

  /** Warm-up loads due by `t`, one every 1/rate s from when Redis is back; keys already cached are skipped. */
  private warmUpTo(t: number): void {
    const warm = this.warm;
    if (!warm) return;
    const cache = this.sim.cache;
    while (warm.atMs <= t && warm.next < warm.keys.length) {
      const id = warm.keys[warm.next++];
      if (cache.has(id, t)) continue;
      this.sim.warmLoad(warm.atMs, this.sim.namespaceOf(id), id);
      warm.state.warmedKeys++;
      warm.state.warmEndMs = warm.atMs;
      warm.atMs += warm.stepMs;
    }
    if (warm.next >= warm.keys.length) this.warm = null;
  }

  private computeNext(): number {
    let next = Number.POSITIVE_INFINITY;
    if (this.begun < this.states.length) next = Math.min(next, this.states[this.begun].event.atMs);
    for (const state of this.open) next = Math.min(next, state.windows[state.windows.length - 1].endMs);
    if (this.warm) next = Math.min(next, this.warm.atMs);
    return next;
  }
}

