/**
 * The design's rate limiters on a live Redis: every request passes them on the data pipe (the
 * cache traffic's connection and keyspace) with exactly the commands and Lua the exports send
 * (simulator/ratelimit/commands.ts), before it may reach the cache; the first enforcing limiter
 * that refuses stops it. As a RequestSource it wraps the workload and hands the sequencer only the
 * admitted requests, in plan order, once their decisions came back.
 *
 * Time: each script gets `now` = BASE + the request's plan time in whole ms, BASE a multiple of
 * every limiter's period (windows start where the simulator's do) with 13 digits (the stored
 * timestamps are as wide as the memory model's). Expiries are relative (PEXPIRE, PX), so Redis's
 * own clock only expires keys; a decision differs from the simulator's only when an expiry falls
 * within the pacing lag of a request, or when Redis evicted a key the simulator kept (or not).
 *
 * Clients are drawn as the simulator draws them (ratelimit/simulation.ts LimiterRun), and every
 * decision is set beside the exact sliding window on the same arrivals.
 */
import { createHash } from 'node:crypto';
import { renderKey } from '../../model';
import type { RequestSource } from '../../run';
import type { PlannedRateLimits } from '../../ratelimit/planned';
import { limiterLua, respCommandBytes } from '../../ratelimit/commands';
import { limiterRuns } from '../../ratelimit/simulation';
import type { LimiterRun } from '../../ratelimit/simulation';
import type { RateLimitMetrics } from '../../run/schema';
import type { Rng } from '../../traffic';
import type { CommandPipe } from './pipe';
import { REPLY_ARRAY, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST } from './resp-reply';

/** Pipe ops of the limiters' commands (the cache's are below 10). */
export const OP_LIMIT_DECIDE = 10;
export const OP_LIMIT_OTHER = 11;
export const OP_LIMIT_PTTL = 12;

/** Requests through the limiters ahead of the sequencer at speed 'max'. */
const MAX_AHEAD = 256;

const PENDING = 0;
const ADMITTED = 1;
const REFUSED = 2;
/** Its decision was lost with the connection: the request is dropped, as requests due in a gap are. */
const DROPPED = 3;

/** A request on its way through the limiters. */
interface Entry {
  timeMs: number;
  operation: number;
  keyId: number;
  valueBytesHint: number;
  clients: Int32Array;
  stage: number;
  state: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A multiple of every period with 13 digits (or the least common multiple, when that is wider). */
export function timeBase(periodsMs: number[]): number {
  const lcm = periodsMs.map((p) => Math.max(1, Math.round(p))).reduce((a, b) => (a / gcd(a, b)) * b, 1);
  return lcm >= 1e12 ? lcm : Math.ceil(1e12 / lcm) * lcm;
}

/** RESP bytes of a command. */
function respBytes(argv: ReadonlyArray<string | number>): number {
  return respCommandBytes(argv.map((arg) => Buffer.byteLength(String(arg))));
}

export interface LimitHost {
  pipe(): CommandPipe;
  /** A refused request: counted among the run's requests, never sent to the cache. */
  refused(): void;
  /** A decision came back: the sequencer may have a request to send. */
  wake(): void;
}

export class LiveLimits implements RequestSource {
  readonly runs: LimiterRun[];
  readonly base: number;
  timeMs = 0;
  operation = 0;
  keyId = 0;
  valueBytesHint = -1;
  private readonly queue: Entry[] = [];
  /** Entries dropped from the queue's front: entry n (a command's id) is queue[n − dropped]. */
  private dropped = 0;
  private head = 0;
  /** Sliding counter: the window of each client's last admission (its first admission of a window also drops stale fields). */
  private readonly counterWindows = new Map<number, number>();
  private exposed = false;
  private innerHave: boolean;
  private readonly shas: string[];
  private logSequence = 0;
  private readonly prefix: string;
  errors = 0;
  /** Per limiter: its keys Redis evicted (keyspace notifications), and those no command has found missing yet. */
  private readonly evictedCounts: number[];
  private readonly evictedUnseen: Array<Set<string>>;
  /** Requests dropped (decisions lost with the connection, requests due in a gap) not yet handed to the gap (takeDropped). */
  private droppedRequests = 0;

  constructor(private readonly plan: PlannedRateLimits, private readonly inner: RequestSource, rng: Rng, prefix: string, private readonly host: LimitHost) {
    this.runs = limiterRuns(plan, rng);
    this.base = timeBase(plan.limiters.map((l) => l.periodMs));
    this.prefix = prefix;
    this.shas = plan.limiters.map((l) => {
      const lua = limiterLua(l.algorithm)?.lua;
      return lua ? createHash('sha1').update(lua).digest('hex') : '';
    });
    this.evictedCounts = plan.limiters.map(() => 0);
    this.evictedUnseen = plan.limiters.map(() => new Set());
    this.innerHave = inner.next();
  }

  /**
   * Redis evicted limiter `i`'s key (a keyspace notification): counted, and the next command on it
   * finds no key and starts over — an eviction reset, as the simulator counts one (the
   * notification comes over its own connection, so a command sent just after an eviction may miss it).
   */
  evicted(i: number, key: string): void {
    if (i < 0 || i >= this.evictedCounts.length) return;
    this.evictedCounts[i]++;
    this.evictedUnseen[i].add(key);
  }

  get produced(): number { return this.inner.produced; }
  get total(): number { return this.inner.total; }
  get endMs(): number { return this.inner.endMs; }
  get phaseName(): string { return this.inner.phaseName; }

  peekKeyId(): number {
    return -1;
  }

  /** The scripts the limiters run: SCRIPT LOAD them on every node before the run (live-engine.ts), as the exports do on first use. */
  get scripts(): string[] {
    return [...new Set(this.plan.limiters.map((l) => limiterLua(l.algorithm)?.lua).filter((lua) => lua !== undefined))];
  }

  /** Requests still to be decided or taken: the sequencer must ask again (next) later. */
  get waiting(): boolean {
    return this.innerHave || this.head < this.queue.length;
  }

  /** Plan time of the next request the limiters have not seen (Infinity: none). */
  get nextDueMs(): number {
    return this.innerHave ? this.inner.timeMs : Infinity;
  }

  /** Sends the limiters' commands of the requests due at plan time `now` (at max speed, up to MAX_AHEAD undecided and untaken). */
  pump(now: number, maxSpeed: boolean): void {
    if (this.host.pipe().closed) return;
    while (this.innerHave && (maxSpeed || this.inner.timeMs <= now)) {
      const source = this.inner;
      const entry: Entry = {
        timeMs: source.timeMs, operation: source.operation, keyId: source.keyId, valueBytesHint: source.valueBytesHint,
        clients: Int32Array.from(this.runs, (run) => run.pickClient(source.timeMs)), stage: 0, state: PENDING,
      };
      this.queue.push(entry);
      this.send(this.dropped + this.queue.length - 1);
      this.innerHave = source.next();
      // At max speed: up to MAX_AHEAD requests on their way through the limiters at once.
      if (maxSpeed && this.queue.length - this.head >= MAX_AHEAD) break;
    }
  }

  /**
   * In a connection gap: the requests falling due are dropped before any limiter sees them (at max
   * speed, one per turn), as the sequencer drops the cache's; none counts as admitted or refused.
   */
  dropDue(now: number, maxSpeed: boolean): void {
    while (this.innerHave && (maxSpeed || this.inner.timeMs <= now)) {
      this.droppedRequests++;
      this.innerHave = this.inner.next();
      if (maxSpeed) break;
    }
  }

  /** The requests dropped since the last call (for the current gap's droppedRequests). */
  takeDropped(): number {
    const dropped = this.droppedRequests;
    this.droppedRequests = 0;
    return dropped;
  }

  private keyOf(run: LimiterRun, client: number): string {
    return this.prefix + renderKey(run.planned.pattern, client);
  }

  /** Sends entry `n`'s command to its current limiter. */
  private send(n: number): void {
    const entry = this.queue[n - this.dropped];
    const i = entry.stage;
    const run = this.runs[i];
    const { planned } = run;
    const client = entry.clients[i];
    const key = this.keyOf(run, client);
    if (this.evictedUnseen[i].delete(key)) run.evictionResets++;
    const now = this.base + Math.floor(entry.timeMs);
    const pipe = this.host.pipe();
    let argv: Array<string | number>;
    if (planned.algorithm === 'fixed-window') {
      argv = ['INCR', key];
      pipe.command(OP_LIMIT_DECIDE, n, now, argv);
      pipe.command(OP_LIMIT_PTTL, i, 0, ['PTTL', key]);
      run.commands += 2;
      run.bytesSent += 2 * respBytes(argv);
    } else {
      argv = ['EVALSHA', this.shas[i], 1, key, now, planned.limit, planned.periodMs];
      if (planned.algorithm === 'sliding-log') argv.push(`${now}-${++this.logSequence}`);
      pipe.command(OP_LIMIT_DECIDE, n, now, argv);
      run.commands++;
      run.bytesSent += respBytes(argv);
    }
    run.roundTrips++;
  }

  /** A reply to one of the limiters' commands. */
  onReply(op: number, n: number, now: number, type: number, value: number): void {
    if (op !== OP_LIMIT_DECIDE) {
      if (op === OP_LIMIT_PTTL) this.runs[n].bytesReceived += 3 + String(value).length;
      return;
    }
    const entry = this.queue[n - this.dropped];
    if (type === REPLY_LOST) {
      // The connection dropped with the decision in flight: the request is dropped, not let through.
      entry.state = DROPPED;
      this.droppedRequests++;
      this.host.wake();
      return;
    }
    const i = entry.stage;
    const run = this.runs[i];
    const client = entry.clients[i];
    let admitted: boolean;
    if (type === REPLY_INTEGER) {
      // INCR: admitted while the count is within the limit; the window opens at 1.
      admitted = value <= run.planned.limit;
      run.bytesReceived += 3 + String(value).length;
      if (value === 1) this.openWindow(run, client, now);
    } else if (type === REPLY_ARRAY) {
      const reply = this.host.pipe().replyArray;
      admitted = reply[0] === 1;
      run.bytesReceived += 4 + reply.reduce<number>((sum, item) => sum + 3 + String(item).length, 0);
      run.commands += this.commandsInside(i, client, now, admitted);
    } else {
      // An error reply (OOM under noeviction): the application fails open.
      if (type === REPLY_ERROR) this.errors++;
      run.oomErrors += type === REPLY_ERROR && this.host.pipe().replyText.includes('OOM') ? 1 : 0;
      admitted = true;
    }
    run.count(client, now - this.base, admitted);
    if (!admitted && !run.planned.shadow) entry.state = REFUSED;
    else if (i + 1 < this.runs.length) {
      entry.stage++;
      this.send(n);
      return;
    } else entry.state = ADMITTED;
    this.host.wake();
  }

  /** The fixed window's PEXPIRE for what is left of it, unless the race loses it (the simulator's draw). */
  private openWindow(run: LimiterRun, client: number, now: number): void {
    const { planned } = run;
    if (planned.raceLoss > 0 && run.rng.nextFloat() < planned.raceLoss) return;
    const ttl = planned.window === 'aligned' ? (Math.floor(now / planned.periodMs) + 1) * planned.periodMs - now : planned.periodMs;
    const argv = ['PEXPIRE', this.keyOf(run, client), ttl];
    this.host.pipe().command(OP_LIMIT_OTHER, -1, 0, argv);
    run.commands++;
    run.roundTrips++;
    run.bytesSent += respBytes(argv);
    run.bytesReceived += 4;
  }

  /** Commands a script ran inside Redis (as commandstats counts them), from its decision. */
  private commandsInside(i: number, client: number, now: number, admitted: boolean): number {
    const { planned } = this.runs[i];
    switch (planned.algorithm) {
      case 'sliding-log': return admitted ? 5 : 3;
      case 'token-bucket': return 3;
      case 'gcra': return admitted ? 2 : 1;
      default: {
        if (!admitted) return 1;
        // HMGET, HINCRBY, PEXPIRE; a window's first admission also DELs or HDELs the stale fields.
        const slot = i * planned.clients + client;
        const window = Math.floor(now / planned.periodMs);
        const opened = this.counterWindows.get(slot) !== window;
        this.counterWindows.set(slot, window);
        return opened ? 4 : 3;
      }
    }
  }

  next(): boolean {
    if (this.exposed) {
      this.exposed = false;
      this.head++;
    }
    while (this.head < this.queue.length && (this.queue[this.head].state === REFUSED || this.queue[this.head].state === DROPPED)) {
      if (this.queue[this.head++].state === REFUSED) this.host.refused();
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.dropped += this.head;
      this.head = 0;
    }
    const entry = this.queue[this.head];
    if (!entry || entry.state !== ADMITTED) return false;
    this.exposed = true;
    this.timeMs = entry.timeMs;
    this.operation = entry.operation;
    this.keyId = entry.keyId;
    this.valueBytesHint = entry.valueBytesHint;
    return true;
  }

  /** Per limiter results; keys and memory as measured on the server at the end, evictions as notified. */
  result(measured: ReadonlyArray<{ keys: number; maxUsage: number; meanUsage: number; usedBytes: number }>): RateLimitMetrics[] {
    return this.runs.map((run, i) => run.metrics({
      keys: measured[i]?.keys ?? 0, usedMemoryBytes: measured[i]?.usedBytes ?? 0,
      maxKeyMemoryUsageBytes: measured[i]?.maxUsage ?? 0, meanKeyMemoryUsageBytes: measured[i]?.meanUsage ?? 0,
      evictedKeys: this.evictedCounts[i],
    }));
  }
}
