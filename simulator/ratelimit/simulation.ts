/**
 * Rate limiters on the simulated Redis: every request passes each limiter in turn (the first
 * refusal stops it, as middleware does). A limiter's key per client lives in the same cache model
 * as the cached values — same maxmemory, policy and eviction — so an evicted counter starts over
 * and lets its client through. Each decision is compared with the exact sliding window over the
 * same arrivals, per client class (normal / abusive).
 */
import type { CacheModel } from '../cache';
import { createKeySampler } from '../traffic';
import type { KeySampler, Rng } from '../traffic';
import type { LimiterDecisions, RateLimitMetrics, RateLimitSnapshot } from '../run/schema';
import { commandCost } from './commands';
import type { DecisionShape } from './commands';
import { createLimiter } from './create';
import { FixedWindowLimiter } from './fixed-window';
import type { RateLimiter } from './limiter';
import { isExpired, NO_EXPIRY } from './limiter';
import { memoryUsageBytes, valueAllocBytes } from './key-memory';
import { objectValueBytes } from '../cache';
import type { KeyContents } from './key-memory';
import type { PlannedAbuse, PlannedLimiter, PlannedRateLimits } from './planned';
import { SlidingCounterLimiter } from './sliding-counter';
import { SlidingLogLimiter } from './sliding-log';
import { TokenBucketLimiter } from './token-bucket';

/** Where the limiters' simulation departs from Redis (named in every result that has limiters). */
export const RATE_LIMIT_DEPARTURES = [
  'rate limiters: their reads (ZCARD, HMGET, GET in their scripts) are not counted in keyspace_hits/misses, and a refusal that writes nothing does not refresh the key\'s LRU/LFU',
  'rate limiters: a client\'s requests arrive at the workload\'s request times (clients drawn per request); a decision takes no time, so its round trips are not in the request latency and its bytes not in the network totals (both are reported per limiter)',
];

const NORMAL = 0;
const ABUSIVE = 1;

function zeroDecisions(): LimiterDecisions {
  return { requests: 0, admitted: 0, refused: 0, overAdmitted: 0, wronglyRefused: 0, exactAdmitted: 0 };
}

function decimalDigits(value: number): number {
  return value < 10 ? 1 : Math.floor(Math.log10(value)) + 1;
}

/** What a limiter's key holds now, for its size. */
export function keyContentsOf(limiter: RateLimiter, planned: PlannedLimiter): KeyContents {
  const key: KeyContents = { algorithm: planned.algorithm, count: 0, previous: 0, periodMs: planned.periodMs, microTokens: 0, entries: 0, newestSeq: 0 };
  if (limiter instanceof FixedWindowLimiter) key.count = limiter.count;
  else if (limiter instanceof SlidingCounterLimiter) { key.count = limiter.current; key.previous = limiter.previous; }
  else if (limiter instanceof TokenBucketLimiter) key.microTokens = limiter.microTokens;
  else if (limiter instanceof SlidingLogLimiter) { key.entries = limiter.size; key.newestSeq = limiter.admittedTotal; }
  return key;
}

/** What a decision did, for its command cost. */
export function decisionShape(limiter: RateLimiter, t: number): DecisionShape {
  if (limiter instanceof FixedWindowLimiter) {
    // A lost EXPIRE (the race) is still costed as the design's commands (INCR, PTTL, PEXPIRE).
    const ttlMs = limiter.expiresAtMs === NO_EXPIRY ? limiter.periodMs : limiter.expiresAtMs - t;
    return { wrote: true, opened: limiter.count === 1, count: limiter.count, ttlMs };
  }
  return { wrote: limiter.wrote, opened: limiter instanceof SlidingCounterLimiter && limiter.opened, count: 0, ttlMs: 0 };
}

/** One limiter's run: its clients' states and draws, and its counts (the live engine's too: node/live/live-limits.ts). */
export class LimiterRun {
  readonly states: Array<RateLimiter | undefined>;
  readonly exact: Array<SlidingLogLimiter | undefined>;
  readonly classes = [zeroDecisions(), zeroDecisions()];
  readonly firstAbusive: number;
  /** Share of requests abusive clients add on top of the population's own draws. */
  private readonly abusiveShare: number;
  private readonly sampler: KeySampler;
  evictionResets = 0;
  oomErrors = 0;
  commands = 0;
  roundTrips = 0;
  bytesSent = 0;
  bytesReceived = 0;

  /** Client draws come from `clientRng`, shared by limiters of the same population (same clients for the same request). */
  constructor(readonly planned: PlannedLimiter, private readonly abuse: PlannedAbuse | null, readonly rng: Rng, private readonly clientRng: Rng) {
    this.states = new Array<RateLimiter | undefined>(planned.clients);
    this.exact = new Array<SlidingLogLimiter | undefined>(planned.clients);
    this.sampler = createKeySampler(planned.skew, planned.clients, clientRng.fork('clients'));
    const abusive = abuse ? Math.min(planned.clients, Math.ceil(abuse.clientsShare * planned.clients)) : 0;
    this.firstAbusive = planned.clients - abusive;
    const extra = abusive * ((abuse?.rateMultiple ?? 1) - 1);
    this.abusiveShare = extra / (planned.clients + extra);
  }

  /** The client of the next request at `nowMs`. */
  pickClient(nowMs: number): number {
    const abusive = this.planned.clients - this.firstAbusive;
    if (abusive > 0 && this.abusiveShare > 0) {
      let share = this.abusiveShare;
      const edgeMs = this.abuse?.edgeMs ?? null;
      const periodMs = this.planned.periodMs;
      if (edgeMs !== null && 2 * edgeMs < periodMs) {
        const phase = nowMs % periodMs;
        // The same requests, packed into the edges: 2·edge of every period.
        share = phase < edgeMs || phase >= periodMs - edgeMs ? Math.min(1, (share * periodMs) / (2 * edgeMs)) : 0;
      }
      if (this.clientRng.nextFloat() < share) return this.firstAbusive + this.clientRng.nextInt(abusive);
    }
    return this.sampler.next();
  }

  keyBytes(client: number): number {
    return this.planned.keyFixedBytes + this.planned.placeholderCount * decimalDigits(client);
  }

  /** Counts a decision for `client` at `t`, beside what the exact sliding window decides of it. */
  count(client: number, t: number, admitted: boolean): void {
    const exact = this.exact[client] ??= new SlidingLogLimiter(this.planned);
    const exactAdmitted = exact.admit(t);
    const counts = this.classes[client >= this.firstAbusive ? ABUSIVE : NORMAL];
    counts.requests++;
    if (admitted) counts.admitted++;
    else counts.refused++;
    if (exactAdmitted) counts.exactAdmitted++;
    if (admitted && !exactAdmitted) counts.overAdmitted++;
    if (!admitted && exactAdmitted) counts.wronglyRefused++;
  }

  /** The result's decisions and costs; keys and memory come from the caller (the cache model, or the live server). */
  metrics(keys: Pick<RateLimitMetrics, 'keys' | 'usedMemoryBytes' | 'maxKeyMemoryUsageBytes' | 'meanKeyMemoryUsageBytes' | 'evictedKeys'>): RateLimitMetrics {
    const { planned } = this;
    const [normal, abusive] = this.classes;
    const total = zeroDecisions();
    for (const field of Object.keys(total) as Array<keyof LimiterDecisions>) total[field] = normal[field] + abusive[field];
    return {
      name: planned.name, algorithm: planned.algorithm, limit: planned.limit, periodMs: planned.periodMs,
      clients: planned.clients, abusiveClients: planned.clients - this.firstAbusive,
      ...total, normal, abusive, ...keys,
      evictionResets: this.evictionResets, oomErrors: this.oomErrors,
      commands: this.commands, roundTrips: this.roundTrips, bytesSent: this.bytesSent, bytesReceived: this.bytesReceived,
    };
  }
}

/** The runs of a plan's limiters, on the simulator's random streams (`rng`: the run's 'rate-limits' fork). */
export function limiterRuns(plan: PlannedRateLimits, rng: Rng): LimiterRun[] {
  return plan.limiters.map((limiter) => {
    const population = `clients:${limiter.keyedBy}:${limiter.clients}:${JSON.stringify(limiter.skew)}`;
    return new LimiterRun(limiter, plan.abuse, rng.fork(`limiter:${limiter.name}`), rng.fork(population));
  });
}

export class RateLimitSimulation {
  private readonly runs: LimiterRun[];

  constructor(plan: PlannedRateLimits, private readonly cache: CacheModel, rng: Rng, private readonly sharedIntegers: boolean) {
    this.runs = limiterRuns(plan, rng);
    this.clients = new Int32Array(this.runs.length);
  }

  private readonly clients: Int32Array;

  /**
   * Passes one request at `nowMs` through the limiters in order; false when an enforcing one
   * refuses it (the later ones then never see it). A shadow limiter decides and counts, never refuses.
   */
  admit(nowMs: number): boolean {
    // Who sent the request is drawn for every limiter first, so a refusal does not shift later draws.
    for (let i = 0; i < this.runs.length; i++) this.clients[i] = this.runs[i].pickClient(nowMs);
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i];
      if (!this.decide(run, this.clients[i], nowMs) && !run.planned.shadow) return false;
    }
    return true;
  }

  private decide(run: LimiterRun, client: number, nowMs: number): boolean {
    const planned = run.planned;
    // Limiters decide on whole milliseconds, as the exports' Date.now() and the live engine's `now`.
    const t = Math.floor(nowMs);
    const id = planned.keyIdOffset + client;
    const random = (): number => run.rng.nextFloat();
    const limiter = run.states[client] ??= createLimiter(planned, random);
    if (!isExpired(limiter.expiresAtMs, t) && !this.cache.has(id, nowMs)) {
      // Gone before its time (evicted): the next command finds no key and starts over.
      if (t < limiter.expiresAtMs - 0.001) run.evictionResets++;
      limiter.reset();
    }
    let admitted = limiter.admit(t);
    const keyBytes = run.keyBytes(client);
    if (limiter.wrote) {
      const contents = keyContentsOf(limiter, planned);
      const ttlMs = limiter.expiresAtMs === NO_EXPIRY ? 0 : Math.max(0.001, limiter.expiresAtMs - t);
      if (!this.cache.set(id, keyBytes, objectValueBytes(valueAllocBytes(contents, this.sharedIntegers)), ttlMs, nowMs)) {
        // -OOM: the limiter's command failed; the application fails open and lets the request through.
        run.oomErrors++;
        limiter.reset();
        admitted = true;
      }
    }
    const cost = commandCost(planned.algorithm, keyBytes, planned, decisionShape(limiter, t));
    run.commands += cost.commands;
    run.roundTrips += cost.roundTrips;
    run.bytesSent += cost.bytesSent;
    run.bytesReceived += cost.bytesReceived;
    run.count(client, t, admitted);
    return admitted;
  }

  /** Each limiter's counters so far, by name, for the run's time series. */
  snapshot(): Record<string, RateLimitSnapshot> {
    const evicted = this.cache.stats.groups?.evicted;
    const out: Record<string, RateLimitSnapshot> = {};
    for (const run of this.runs) {
      const [normal, abusive] = run.classes;
      out[run.planned.name] = {
        admitted: normal.admitted + abusive.admitted,
        refused: normal.refused + abusive.refused,
        overAdmitted: normal.overAdmitted + abusive.overAdmitted,
        evictedKeys: evicted?.[run.planned.group] ?? 0,
      };
    }
    return out;
  }

  /** Per limiter results; `nowMs` is the end of the run (for which keys still exist). */
  result(nowMs: number): RateLimitMetrics[] {
    const groups = this.cache.stats.groups;
    return this.runs.map((run) => {
      const { planned } = run;
      let maxUsage = 0;
      let usageSum = 0;
      let live = 0;
      run.states.forEach((limiter, client) => {
        if (!limiter || !this.cache.has(planned.keyIdOffset + client, nowMs)) return;
        const usage = memoryUsageBytes(run.keyBytes(client), keyContentsOf(limiter, planned));
        maxUsage = Math.max(maxUsage, usage);
        usageSum += usage;
        live++;
      });
      return run.metrics({
        keys: groups?.keys[planned.group] ?? live,
        usedMemoryBytes: groups?.memoryBytes[planned.group] ?? 0,
        maxKeyMemoryUsageBytes: maxUsage,
        meanKeyMemoryUsageBytes: live === 0 ? 0 : Math.round(usageSum / live),
        evictedKeys: groups?.evicted[planned.group] ?? 0,
      });
    });
  }
}
