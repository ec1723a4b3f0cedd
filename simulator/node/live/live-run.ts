/**
 * One live replay: the plan's cache-aside traffic issued to a real Redis, paced at wall-clock time,
 * with the simulator's client semantics (simulation.ts) — reads GET and, on a miss, load from a
 * simulated origin (the same OriginPool, in the plan's time) and SET the value with its TTL ± jitter
 * when the load completes; writes bump the entity's version and apply the invalidation rules (DEL,
 * pattern deletes by SCAN + UNLINK, SET for write-through/write-behind) after their delays.
 *
 * Time: plan time t runs at wall time t0 + t (a plan is sped up beforehand with scalePlan). A
 * request is issued when its time has come and the pipeline has room; how late it went out is
 * the pacing lag, measured and reported. Speed 'max' ignores the plan's arrival times.
 *
 * The server's truth (hits, misses, evictions, expiries, memory) comes from INFO, sampled every
 * snapshot interval on the control connection; latency, stale reads, OOM replies and per-namespace
 * hit ratios come from the client side. A dropped connection opens a gap: requests due meanwhile
 * are dropped (nothing is queued), the pipe reconnects with backoff, and the gap is recorded.
 */
import { LatencyHistogram } from '../../metrics';
import { NamespaceKeys, Workload } from '../../run';
import type { CancelSignal, CommandLatency, LatencyMetrics, LiveCommand, LiveGap, LiveRunDetails, LiveRunResult, NamespaceMetrics, RunPlan, RunSink, Snapshot } from '../../run';
import { LIVE_COMMANDS, RUN_RESULT_VERSION } from '../../run';
import { EventQueue } from '../../run/event-queue';
import { OriginPool } from '../../run/origin-pool';
import type { NumberSampler } from '../../traffic';
import { createNumberSampler, Rng } from '../../traffic';
import { backoffDelayMs, classifyRedisError, DeadlineExceededError, formatMs, RedisTargetError, withDeadline } from '../redis';
import type { RedisErrorCode } from '../redis';
import type { InfoSample } from './info';
import { InfoTotals } from './info';
import type { KeyCodec } from './keys';
import type { CommandPipe } from './pipe';
import type { ReplyListener } from './resp-pipeline';
import { REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST, REPLY_NIL } from './resp-pipeline';
import type { ValueSource } from './values';
import { VALUE_HEADER_BYTES } from './values';

// Reply tags.
const OP_GET = 1;
const OP_STORE = 2;
const OP_RULE_DEL = 3;
const OP_INVALIDATE = 4;

// Events, as in simulation.ts.
const LOAD_DONE = 1;
const DELETE_KEY = 2;
const DELETE_NAMESPACE = 3;
const SET_FRESH = 4;
const PERSIST = 5;
/** A read held back while an earlier GET of the same key was unanswered, now due again. */
const RETRY_READ = 6;

/** Commands with a client-side latency histogram (their list is part of the RunResult schema). */
export { LIVE_COMMANDS };
export type { LiveCommand };
const CMD_GET = 0;
const CMD_SET = 1;
const CMD_DEL = 2;
export const CMD_UNLINK = 3;
export const CMD_SCAN = 4;

/** Error codes that make every further command fail the same way: stop the run. */
const FATAL_CODES = new Set<RedisErrorCode>(['auth', 'acl-denied', 'cluster-redirect', 'readonly', 'redirect-storm']);

// The live parts of a RunResult are defined by its schema (simulator/run/schema/live.ts).
export type { CommandLatency, LiveGap, LiveRunDetails, LiveRunResult };

/** What the engine gives a run: connections, the server's state and how to reach it again. */
export interface LiveRunContext {
  plan: RunPlan;
  keys: KeyCodec;
  values: ValueSource;
  pipe: CommandPipe;
  /** Opens a new data pipe after a drop (throws when it cannot). */
  reconnect(listener: ReplyListener): Promise<CommandPipe>;
  /** INFO of the run's server(s), parsed. */
  sampleInfo(): Promise<InfoSample>;
  /** SCAN MATCH + UNLINK of a namespace's keys; resolves with the keys deleted. */
  deleteNamespace(ns: number, timeCommand: (command: number, ms: number) => void): Promise<number>;
  /** Set when the server is known to be gone for good (a managed process that exited). */
  serverGone(): string | null;
  describe: string;
  clock: () => number;
  speed: number | 'max';
  pipelineDepth: number;
  commandTimeoutMs: number;
  reconnectDeadlineMs: number;
  sink: RunSink;
  signal: CancelSignal;
  firstInfo: InfoSample;
}

/** Histograms hold microseconds. */
const US_PER_MS = 1000;

export class LiveRun implements ReplyListener {
  private readonly plan: RunPlan;
  private readonly keys: KeyCodec;
  private readonly values: ValueSource;
  private pipe: CommandPipe;
  private readonly ctx: LiveRunContext;
  private readonly layout: NamespaceKeys;
  private readonly workload: Workload;
  private readonly events = new EventQueue();
  private readonly origin: OriginPool;
  private readonly maxSpeed: boolean;
  private readonly depth: number;

  // Client state per key, as in simulation.ts.
  private seq = 0;
  private readonly lastWriteSeq: Int32Array;
  private readonly unpersisted: Uint16Array;
  private readonly loading: Uint16Array;
  private readonly loadEndMs: Float64Array;
  /** When each key's latest load completed (plan time): a GET sent before then raced its SET. */
  private readonly loadDoneAtMs: Float64Array;
  private readonly valueBytes: Int32Array;
  /** GETs of each key sent and not yet answered. */
  private readonly pendingGets: Uint16Array;
  /** Origin latency drawn for each pending GET of a key (used if it misses), oldest first. */
  private readonly pendingLatency: Float64Array;
  private readonly morePendingLatency = new Map<number, number[]>();
  /** Plan time from which a read of the key must wait for its pending GETs (their earliest possible load end). */
  private readonly holdFromMs: Float64Array;
  /** Reads held back per key, in plan time order: [planTimeMs, operation, …]. */
  private readonly heldReads = new Map<number, number[]>();
  private readonly namespaceDirtySeq: Int32Array;
  private readonly valueSamplers: NumberSampler[];
  private readonly originLatency: NumberSampler;
  private readonly ttlRng: Rng;
  private readonly rttMs: number;
  private readonly offsets: Int32Array;
  private readonly opNamespace: Int32Array;
  private readonly opKind: Uint8Array;
  private readonly rulesByNamespace: RunPlan['rules'][];
  private readonly hasWriteBehind: Uint8Array;

  // Counters.
  private readonly hits: Float64Array;
  private readonly misses: Float64Array;
  private readonly windowHits: Float64Array;
  private readonly windowMisses: Float64Array;
  private readonly staleReads: Float64Array;
  private readonly writes: Float64Array;
  private readonly originQueries: Float64Array;
  private readonly oomRejections: Float64Array;
  private duplicateLoads = 0;
  private sets = 0;
  private deletes = 0;
  private requests = 0;
  private commands = 0;
  private readonly errors = new Map<string, number>();
  private readonly errorMessages = new Map<string, string>();
  private readonly commandLatency = LIVE_COMMANDS.map(() => new LatencyHistogram({ significantDigits: 2 }));
  private readonly commandErrors = new Float64Array(LIVE_COMMANDS.length);
  private readonly latency = new LatencyHistogram();
  private readonly windowLatency = new LatencyHistogram({ significantDigits: 2 });
  private readonly lag = new LatencyHistogram({ significantDigits: 2 });
  private lateRequests = 0;
  private bytesToRedis = 0;
  private bytesFromRedis = 0;

  // Schedule.
  private t0 = 0;
  private have = false;
  private scheduled = false;
  private finishing = false;
  private pendingJobs = 0;
  private readonly rerunDelete: Uint8Array;
  private readonly deleting: Uint8Array;
  private lastProgressAt = -Infinity;
  private endedAtMs = 0;
  private tailDeadlineMs = Infinity;
  private droppedTailEvents = 0;

  // Server truth.
  private readonly totals: InfoTotals;
  private latestInfo: InfoSample;
  private infoBusy = false;
  private infoSamples = 0;
  private nextSnapshotAtMs: number;
  private readonly snapshotIntervalMs: number;
  private readonly series: Snapshot[] = [];
  private lastSnapshot = { tMs: 0, hits: 0, misses: 0, originQueries: 0 };
  private peakMemory = 0;
  private clientMemorySum = 0;

  // Faults.
  private down = false;
  private readonly gaps: LiveGap[] = [];
  private fatal: RedisTargetError | undefined;
  private readonly warnings: string[] = [];

  private resolveDone: (() => void) | undefined;

  constructor(ctx: LiveRunContext) {
    this.ctx = ctx;
    const plan = ctx.plan;
    this.plan = plan;
    this.keys = ctx.keys;
    this.values = ctx.values;
    this.pipe = ctx.pipe;
    this.maxSpeed = ctx.speed === 'max';
    this.depth = ctx.pipelineDepth;
    this.layout = new NamespaceKeys(plan.namespaces);
    const rng = new Rng(plan.seed);
    this.workload = new Workload(plan, rng.fork('workload'));
    const client = rng.fork('client');
    const total = this.layout.totalKeys;
    this.lastWriteSeq = new Int32Array(total);
    this.unpersisted = new Uint16Array(total);
    this.loading = new Uint16Array(total);
    this.loadEndMs = new Float64Array(plan.client.singleFlight ? total : 0);
    this.loadDoneAtMs = new Float64Array(total).fill(-Infinity);
    this.pendingGets = new Uint16Array(total);
    this.pendingLatency = new Float64Array(total);
    this.holdFromMs = new Float64Array(total).fill(Infinity);
    this.valueBytes = new Int32Array(total);
    const n = plan.namespaces.length;
    this.namespaceDirtySeq = new Int32Array(n);
    this.hits = new Float64Array(n);
    this.misses = new Float64Array(n);
    this.windowHits = new Float64Array(n);
    this.windowMisses = new Float64Array(n);
    this.staleReads = new Float64Array(n);
    this.writes = new Float64Array(n);
    this.originQueries = new Float64Array(n);
    this.oomRejections = new Float64Array(n);
    this.rerunDelete = new Uint8Array(n);
    this.deleting = new Uint8Array(n);
    // The same random streams as the simulator's client, so value sizes, latencies and jitter
    // follow the same distributions (and mostly the same draws).
    this.valueSamplers = plan.namespaces.map((ns) => createNumberSampler(ns.valueBytes, client.fork(`value-bytes:${ns.name}`)));
    this.originLatency = createNumberSampler(plan.origin.latencyMs, client.fork('origin-latency'));
    this.ttlRng = client.fork('ttl-jitter');
    this.origin = new OriginPool(plan.origin.maxConcurrency, plan.origin.capacityPerSec);
    this.rttMs = plan.client.rttMs;
    this.offsets = Int32Array.from(plan.namespaces, (ns) => ns.keyIdOffset);
    this.opNamespace = Int32Array.from(plan.operations, (op) => op.namespaceIndex);
    this.opKind = Uint8Array.from(plan.operations, (op) => (op.kind === 'write' ? 1 : op.kind === 'invalidate' ? 2 : 0));
    this.rulesByNamespace = plan.namespaces.map((ns) => plan.rules.filter((rule) => rule.on === ns.index));
    this.hasWriteBehind = Uint8Array.from(this.rulesByNamespace, (rules) => (rules.some((r) => r.action === 'write-behind') ? 1 : 0));
    this.totals = new InfoTotals(ctx.firstInfo);
    this.latestInfo = ctx.firstInfo;
    this.snapshotIntervalMs = this.maxSpeed ? 250 : Math.max(20, plan.snapshotIntervalMs);
    this.nextSnapshotAtMs = this.snapshotIntervalMs;
    this.pipe.onClose((error) => this.onPipeClosed(error));
  }

  /** Runs to the end of the plan, a cancel, or a fatal failure. */
  run(): Promise<void> {
    this.t0 = this.ctx.clock();
    this.have = this.workload.next();
    return new Promise<void>((resolve) => {
      this.resolveDone = resolve;
      this.pump();
    });
  }

  /** Plan time now (ms since the start). */
  private now(): number {
    return this.ctx.clock() - this.t0;
  }

  // --- Issuing -----------------------------------------------------------------------------------

  private readonly pump = (): void => {
    this.scheduled = false;
    if (this.finishing) return;
    const now = this.now();
    if (this.ctx.signal.aborted) {
      this.stop(now, 'cancelled');
      return;
    }
    if (this.fatal) {
      this.stop(now, 'failed');
      return;
    }
    if (this.down) {
      this.dropDue(now);
    } else {
      this.issueDue(now);
    }
    if (now >= this.nextSnapshotAtMs) this.requestSnapshot(now);
    if (now - this.lastProgressAt >= 100) {
      this.lastProgressAt = now;
      this.ctx.sink.progress({ done: this.workload.produced, total: this.workload.total, phase: this.phaseAt(now), tMs: now });
    }
    if (!this.have && this.events.size === 0 && this.pipe.inFlight === 0 && this.pendingJobs === 0 && this.heldReads.size === 0 && !this.down) {
      this.stop(now, 'done');
      return;
    }
    this.scheduleNext(now);
  };

  private issueDue(now: number): void {
    const pipe = this.pipe;
    const clockNow = now + this.t0;
    if (pipe.inFlight > 0 && clockNow - pipe.oldestSentAtMs > this.ctx.commandTimeoutMs) {
      pipe.destroy(new Error(`Command timed out: no reply for ${this.ctx.commandTimeoutMs} ms`));
      return;
    }
    if (!this.have && now > this.tailDeadlineMs && (this.events.size > 0 || this.heldReads.size > 0)) this.dropTail();
    pipe.stampMs = clockNow;
    const depth = this.depth;
    const events = this.events;
    const workload = this.workload;
    while (pipe.inFlight < depth && !pipe.closed) {
      const requestAt = this.have ? (this.maxSpeed ? now : workload.timeMs) : Infinity;
      const eventAt = events.peekTime();
      if (eventAt <= requestAt && eventAt <= now) {
        const kind = events.topKind();
        const id = events.topA();
        const arg = events.topB();
        events.pop();
        this.applyEvent(eventAt, kind, id, arg);
        continue;
      }
      if (requestAt > now) break;
      const late = now - requestAt;
      if (!this.maxSpeed) {
        this.lag.record(late * US_PER_MS);
        if (late > 10) this.lateRequests++;
      }
      this.issueRequest(requestAt, workload.operation, workload.keyId);
      this.have = workload.next();
      if (!this.have) {
        this.endedAtMs = Math.max(now, workload.endMs);
        // Loads and delayed rules still due are awaited, for a while (the simulator drains them all).
        this.tailDeadlineMs = now + 30_000;
      }
    }
    pipe.flush();
  }

  private issueRequest(atMs: number, op: number, id: number): void {
    this.requests++;
    const ns = this.opNamespace[op];
    switch (this.opKind[op]) {
      case 0: this.read(atMs, ns, id, op); break;
      case 1: this.write(atMs, ns, id); break;
      default:
        this.commands++;
        this.pipe.del(OP_INVALIDATE, id, atMs, this.keys, ns, id - this.offsets[ns]);
        this.bytesToRedis += this.keys.byteLength(ns, id - this.offsets[ns]) + 24;
    }
  }

  /**
   * A read. The simulator decides hit or miss at the request's time, knowing whether an earlier
   * miss's load has completed by then; a live client learns of that miss only when its reply
   * comes. So each GET draws its origin latency when it is sent (used if it misses), and a later
   * read of the same key that falls after that load's earliest possible end is held back until
   * the pending GETs are answered; then it goes out in plan time order (behind the load's SET if
   * the load completed first). Reads before that point are sent at once: if the earlier GET
   * misses, its load is still in flight for them, in the simulator too. The result: the same
   * hits, misses and duplicate loads as the simulator, however late the replies come.
   */
  private read(atMs: number, ns: number, id: number, op: number, released = false): void {
    const meta = this.plan.namespaces[ns];
    if (!meta.cacheable) {
      this.originQueries[ns]++;
      this.record(this.origin.query(atMs, this.originLatency.next()) - atMs);
      return;
    }
    const held = this.heldReads.get(id);
    if (!released && held !== undefined) {
      held.push(atMs, op);
      return;
    }
    if (this.pendingGets[id] > 0 && atMs >= this.holdFromMs[id]) {
      if (held !== undefined) held.unshift(atMs, op);
      else this.heldReads.set(id, [atMs, op]);
      return;
    }
    const latency = this.originLatency.next();
    if (this.pendingGets[id] === 0) {
      this.pendingLatency[id] = latency;
    } else {
      const more = this.morePendingLatency.get(id);
      if (more) more.push(latency);
      else this.morePendingLatency.set(id, [latency]);
    }
    this.pendingGets[id]++;
    const loadEndMs = atMs + this.rttMs + latency;
    if (loadEndMs < this.holdFromMs[id]) this.holdFromMs[id] = loadEndMs;
    this.commands++;
    this.bytesToRedis += this.keys.byteLength(ns, id - this.offsets[ns]) + 24;
    this.pipe.get(OP_GET, id, atMs, this.keys, ns, id - this.offsets[ns]);
    if (released) this.releaseNext(id);
  }

  /** The oldest held read of `id` becomes due again (an event at its plan time) if it may go now. */
  private releaseNext(id: number): void {
    const held = this.heldReads.get(id);
    if (held === undefined) return;
    if (this.pendingGets[id] > 0 && held[0] >= this.holdFromMs[id]) return;
    this.events.push(held[0], RETRY_READ, id, held[1]);
    if (held.length === 2) this.heldReads.delete(id);
    else held.splice(0, 2);
    this.schedule();
  }

  /** Takes the oldest pending GET's drawn latency off key `id`'s list. */
  private answered(id: number): number {
    const latency = this.pendingLatency[id];
    if (--this.pendingGets[id] === 0) {
      this.holdFromMs[id] = Infinity;
    } else {
      const more = this.morePendingLatency.get(id) as number[];
      this.pendingLatency[id] = more.shift() as number;
      if (more.length === 0) this.morePendingLatency.delete(id);
    }
    return latency;
  }

  private write(atMs: number, ns: number, id: number): void {
    const seq = ++this.seq;
    this.lastWriteSeq[id] = seq;
    this.writes[ns]++;
    const rules = this.rulesByNamespace[ns];
    let doneMs = atMs;
    if (this.hasWriteBehind[ns]) {
      doneMs = atMs + this.rttMs;
    } else {
      this.originQueries[ns]++;
      doneMs = this.origin.query(atMs, this.originLatency.next());
    }
    for (const rule of rules) {
      const at = doneMs + rule.delayMs;
      switch (rule.action) {
        case 'delete':
          this.events.push(at, DELETE_KEY, id, 0);
          break;
        case 'delete-pattern':
          for (const target of rule.targets) {
            this.namespaceDirtySeq[target] = seq;
            this.events.push(at, DELETE_NAMESPACE, target, 0);
          }
          break;
        case 'write-through':
          this.events.push(at, SET_FRESH, id, seq);
          break;
        case 'write-behind':
          this.unpersisted[id]++;
          this.events.push(atMs, SET_FRESH, id, seq);
          this.events.push(atMs + Math.max(rule.delayMs, 0), PERSIST, id, 0);
          break;
        case 'ttl-only':
          for (const target of rule.targets) if (target !== ns) this.namespaceDirtySeq[target] = seq;
          break;
      }
    }
    this.record(doneMs - atMs + (rules.length > 0 ? this.rttMs : 0));
  }

  private applyEvent(atMs: number, kind: number, id: number, arg: number): void {
    switch (kind) {
      case LOAD_DONE:
        this.loading[id]--;
        this.loadDoneAtMs[id] = atMs;
        this.store(id, arg);
        break;
      case SET_FRESH:
        this.store(id, arg);
        break;
      case DELETE_KEY: {
        const ns = this.layout.namespaceOf(id);
        this.commands++;
        this.deletes++;
        this.bytesToRedis += this.keys.byteLength(ns, id - this.offsets[ns]) + 24;
        this.pipe.del(OP_RULE_DEL, id, atMs, this.keys, ns, id - this.offsets[ns]);
        break;
      }
      case DELETE_NAMESPACE:
        this.deleteNamespace(id);
        break;
      case RETRY_READ:
        this.read(atMs, this.opNamespace[arg], id, arg, true);
        break;
      case PERSIST:
        this.unpersisted[id]--;
        this.originQueries[this.layout.namespaceOf(id)]++;
        this.origin.query(atMs, this.originLatency.next());
        break;
    }
  }

  private store(id: number, version: number): void {
    const ns = this.layout.namespaceOf(id);
    const meta = this.plan.namespaces[ns];
    let size = this.valueBytes[id];
    if (size === 0) {
      size = Math.max(1, Math.round(this.valueSamplers[ns].next()));
      this.valueBytes[id] = size;
    }
    const index = id - this.offsets[ns];
    this.commands++;
    this.bytesToRedis += this.keys.byteLength(ns, index) + size + 40;
    this.pipe.set(OP_STORE, id, version, this.keys, ns, index, this.values, size, version, this.ttlMs(meta.ttlMs, meta.jitterPct));
  }

  /**
   * TTL with symmetric jitter, whole milliseconds (as simulation.ts draws it). 0 is a SET without
   * PX: `ttl: none` (null) gets it without a draw from the TTL stream.
   */
  private ttlMs(ttlMs: number | null, jitterPct: number): number {
    if (ttlMs === null || ttlMs <= 0) return 0;
    if (jitterPct === 0) return Math.max(1, Math.round(ttlMs));
    const spread = (ttlMs * jitterPct) / 100;
    return Math.max(1, Math.round(ttlMs - spread + 2 * spread * this.ttlRng.nextFloat()));
  }

  /** A pattern delete runs on the control connection; one at a time per namespace. */
  private deleteNamespace(ns: number): void {
    if (this.deleting[ns]) {
      this.rerunDelete[ns] = 1;
      return;
    }
    this.deleting[ns] = 1;
    this.pendingJobs++;
    const time = (command: number, ms: number): void => {
      this.commandLatency[command].record(ms * US_PER_MS);
      this.commands++;
    };
    this.ctx.deleteNamespace(ns, time).then((deleted) => {
      this.deletes += deleted;
    }, (error: unknown) => {
      this.countError(classifyRedisError(error, { target: this.ctx.describe, phase: 'command' }), CMD_SCAN);
    }).finally(() => {
      this.deleting[ns] = 0;
      this.pendingJobs--;
      if (this.rerunDelete[ns] && !this.finishing) {
        this.rerunDelete[ns] = 0;
        this.deleteNamespace(ns);
      }
      this.schedule();
    });
  }

  private scheduleNext(now: number): void {
    if (this.scheduled) return;
    if (this.down) {
      this.scheduled = true;
      setTimeout(this.pump, 10);
      return;
    }
    const requestAt = this.have ? (this.maxSpeed ? now : this.workload.timeMs) : Infinity;
    const due = Math.min(requestAt, this.events.peekTime(), this.nextSnapshotAtMs);
    this.scheduled = true;
    // Timers fire a millisecond or more late: spin on immediates when something is due sooner.
    if (this.pipe.inFlight >= this.depth || due - now <= 2) {
      setImmediate(this.pump);
    } else {
      setTimeout(this.pump, Math.min(Math.floor(due - now) - 1, 20));
    }
  }

  private schedule(): void {
    if (!this.finishing) this.scheduleNext(this.now());
  }

  // --- Replies -----------------------------------------------------------------------------------

  onReply(op: number, id: number, arg: number, type: number, value: number, sentAtMs: number, nowMs: number): void {
    const commandMs = nowMs - sentAtMs;
    switch (op) {
      case OP_GET: {
        this.commandLatency[CMD_GET].record(commandMs * US_PER_MS);
        const ns = this.layout.namespaceOf(id);
        const latency = this.answered(id);
        const now = nowMs - this.t0;
        if (type === REPLY_BULK) {
          this.hits[ns]++;
          this.windowHits[ns]++;
          this.bytesFromRedis += value + 8;
          if (value >= VALUE_HEADER_BYTES) {
            const truth = Math.max(this.lastWriteSeq[id], this.namespaceDirtySeq[ns]);
            if (this.pipe.peekVersion < truth) this.staleReads[ns]++;
          }
          this.record(now - arg);
        } else if (type === REPLY_NIL) {
          this.misses[ns]++;
          this.windowMisses[ns]++;
          this.bytesFromRedis += 5;
          this.miss(arg, now, ns, id, latency);
        } else {
          this.commandErrors[CMD_GET]++;
          this.replyFailed(type, CMD_GET);
        }
        if (this.pendingGets[id] === 0) this.releaseNext(id);
        break;
      }
      case OP_STORE:
        this.commandLatency[CMD_SET].record(commandMs * US_PER_MS);
        if (type === REPLY_ERROR || type === REPLY_LOST) {
          this.commandErrors[CMD_SET]++;
          if (type === REPLY_ERROR && this.pipe.replyText.startsWith('OOM')) {
            this.oomRejections[this.layout.namespaceOf(id)]++;
            this.countCode('oom', this.errorMessages.has('oom') ? '' : classifyRedisError(new Error(this.pipe.replyText), { target: this.ctx.describe, phase: 'command' }).message);
          } else {
            this.replyFailed(type, CMD_SET);
          }
        } else {
          this.sets++;
          this.bytesFromRedis += 5;
        }
        break;
      case OP_RULE_DEL:
      case OP_INVALIDATE:
        this.commandLatency[CMD_DEL].record(commandMs * US_PER_MS);
        if (type === REPLY_INTEGER) {
          this.bytesFromRedis += 4;
          if (op === OP_INVALIDATE) {
            this.deletes++;
            this.record(nowMs - this.t0 - arg);
          }
        } else {
          this.commandErrors[CMD_DEL]++;
          this.replyFailed(type, CMD_DEL);
        }
        break;
      default:
        break;
    }
  }

  /**
   * Cache-aside on a miss, as Simulation.read does it. The simulator decides at the request's
   * time; here the reply comes a little later, so a load that completed after the GET was sent
   * (its SET queued behind the GET) still counts as in flight, as it was when the GET went out.
   */
  private miss(atMs: number, now: number, ns: number, id: number, latency: number): void {
    if (this.loading[id] > 0 || this.loadDoneAtMs[id] > atMs) {
      if (this.plan.client.singleFlight) {
        this.record(Math.max(0, this.loadEndMs[id] - now) + (now - atMs));
        return;
      }
      this.duplicateLoads++;
    }
    const snapshot = this.unpersisted[id] > 0 ? this.lastWriteSeq[id] - 1 : this.seq;
    this.originQueries[ns]++;
    // The load starts one rtt after the request, in plan time, as in the simulator; if the reply
    // came later than that, the SET goes out as soon as the load's time has come.
    const endMs = this.origin.query(atMs + this.rttMs, latency);
    this.loading[id]++;
    if (this.plan.client.singleFlight) this.loadEndMs[id] = endMs;
    this.events.push(endMs, LOAD_DONE, id, snapshot);
    this.record(endMs + this.rttMs - atMs);
  }

  private replyFailed(type: number, command: number): void {
    if (type === REPLY_LOST) {
      this.countCode('disconnected', this.pipe.replyText);
      return;
    }
    const error = classifyRedisError(new Error(this.pipe.replyText), { target: this.ctx.describe, phase: 'command' });
    this.countError(error, command);
  }

  private countError(error: RedisTargetError, _command: number): void {
    this.countCode(error.code, error.message);
    if (FATAL_CODES.has(error.code) && !this.fatal) {
      this.fatal = error;
      this.schedule();
    }
  }

  private countCode(code: string, message: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
    if (!this.errorMessages.has(code)) this.errorMessages.set(code, message);
  }

  private record(latencyMs: number): void {
    const us = latencyMs * US_PER_MS;
    this.latency.record(us);
    this.windowLatency.record(us);
  }

  // --- Faults ------------------------------------------------------------------------------------

  private onPipeClosed(error: Error | undefined): void {
    if (this.finishing) return;
    const now = this.now();
    const classified = classifyRedisError(error ?? new Error('Connection is closed.'), { target: this.ctx.describe, phase: 'command' });
    this.down = true;
    this.gaps.push({ startMs: now, endMs: null, reason: classified.message, droppedRequests: 0, droppedCommands: 0 });
    void this.reconnectLoop(now);
    this.schedule();
  }

  private async reconnectLoop(startMs: number): Promise<void> {
    const deadline = startMs + this.ctx.reconnectDeadlineMs;
    let lastFailure = '';
    for (let attempt = 1; !this.finishing; attempt++) {
      const gone = this.ctx.serverGone();
      if (gone !== null) {
        this.fatal = new RedisTargetError('disconnected', gone);
        this.schedule();
        return;
      }
      if (this.ctx.signal.aborted) return;
      const wait = backoffDelayMs(attempt, { baseMs: 50, capMs: 1000 });
      if (this.now() + wait > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.finishing || this.ctx.signal.aborted) return;
      try {
        // An attempt ends with the loop's deadline (a stalled server accepts TCP and never answers).
        const opening = this.ctx.reconnect(this);
        const pipe = await withDeadline(opening, Math.max(1, deadline - this.now()), `Reconnecting to ${this.ctx.describe}`,
          () => void opening.then((late) => late.close(), () => undefined));
        if (this.finishing) {
          pipe.close();
          return;
        }
        this.pipe = pipe;
        pipe.onClose((e) => this.onPipeClosed(e));
        this.down = false;
        const gap = this.gaps[this.gaps.length - 1];
        gap.endMs = this.now();
        this.schedule();
        return;
      } catch (error) {
        const classified = classifyRedisError(error, { target: this.ctx.describe, phase: 'connect' });
        // An attempt cut by the deadline says less than an earlier attempt's cause.
        if (!(error instanceof DeadlineExceededError) || lastFailure === '') lastFailure = ` (last attempt: ${classified.message})`;
        if (FATAL_CODES.has(classified.code)) {
          this.fatal = classified;
          this.schedule();
          return;
        }
      }
    }
    if (!this.finishing && !this.fatal) {
      this.fatal = new RedisTargetError('disconnected',
        `The connection to ${this.ctx.describe} dropped and did not come back within ${formatMs(this.ctx.reconnectDeadlineMs)}; the run stopped with what it had.${lastFailure}`);
      this.schedule();
    }
  }

  /** While disconnected: requests and events that fall due are dropped, not queued. */
  private dropDue(now: number): void {
    const gap = this.gaps[this.gaps.length - 1];
    while (this.events.size > 0 && this.events.peekTime() <= now) {
      const kind = this.events.topKind();
      const id = this.events.topA();
      this.events.pop();
      if (kind === LOAD_DONE) this.loading[id]--;
      // A dropped read lets the next one held behind it go (to be dropped in turn).
      if (kind === RETRY_READ) this.releaseNext(id);
      gap.droppedCommands++;
    }
    while (this.have && (this.maxSpeed || this.workload.timeMs <= now)) {
      gap.droppedRequests++;
      this.have = this.workload.next();
      if (this.maxSpeed) break;
    }
    if (!this.have) this.endedAtMs = Math.max(now, this.workload.endMs);
  }

  /** Past the tail deadline: whatever is still scheduled or held back is not sent. */
  private dropTail(): void {
    this.droppedTailEvents += this.events.size;
    while (this.events.size > 0) this.events.pop();
    for (const held of this.heldReads.values()) this.droppedTailEvents += held.length / 2;
    this.heldReads.clear();
  }

  // --- Snapshots -----------------------------------------------------------------------------------

  private requestSnapshot(now: number): void {
    while (this.nextSnapshotAtMs <= now) this.nextSnapshotAtMs += this.snapshotIntervalMs;
    if (this.infoBusy) return;
    this.infoBusy = true;
    this.ctx.sampleInfo().then((sample) => {
      this.takeSample(sample);
    }, () => {
      // The control connection is down too: the snapshot repeats the last server counters.
    }).finally(() => {
      this.infoBusy = false;
      if (!this.finishing) this.emitSnapshot(now);
    });
  }

  private takeSample(sample: InfoSample): void {
    this.totals.update(sample);
    this.latestInfo = sample;
    this.infoSamples++;
    this.clientMemorySum += sample.memClientsNormal;
    if (sample.usedMemory > this.peakMemory) this.peakMemory = sample.usedMemory;
  }

  /** Final server counters: one more INFO (bounded), or the last good one. */
  async finalSample(timeoutMs: number): Promise<boolean> {
    try {
      const sample = await withDeadline(this.ctx.sampleInfo(), timeoutMs, `The final INFO on ${this.ctx.describe}`);
      this.takeSample(sample);
      return true;
    } catch {
      return false;
    }
  }

  private emitSnapshot(tMs: number): void {
    const totals = this.totals.totals();
    const hits = totals.keyspaceHits;
    const misses = totals.keyspaceMisses;
    const windowHits = hits - this.lastSnapshot.hits;
    const windowMisses = misses - this.lastSnapshot.misses;
    const originQueries = this.originQueryTotal();
    const windowMs = Math.max(1e-9, tMs - this.lastSnapshot.tMs);
    const namespaceHitRatio = this.plan.namespaces.map((ns) => {
      const h = this.windowHits[ns.index];
      const m = this.windowMisses[ns.index];
      this.windowHits[ns.index] = 0;
      this.windowMisses[ns.index] = 0;
      return ratio(h, h + m);
    });
    const snapshot: Snapshot = {
      tMs,
      requests: this.requests,
      hitRatio: ratio(windowHits, windowHits + windowMisses),
      cumulativeHitRatio: ratio(hits, hits + misses),
      hits,
      misses,
      evictedKeys: totals.evictedKeys,
      expiredKeys: totals.expiredKeys,
      usedMemoryBytes: this.latestInfo.usedMemory,
      keys: this.latestInfo.keys,
      staleReads: sum(this.staleReads),
      oomRejections: sum(this.oomRejections),
      originQueriesPerSec: ((originQueries - this.lastSnapshot.originQueries) * 1000) / windowMs,
      originConcurrency: this.origin.concurrencyAt(Math.max(tMs, 0)),
      p50Ms: this.windowLatency.valueAtPercentile(50) / US_PER_MS,
      p95Ms: this.windowLatency.valueAtPercentile(95) / US_PER_MS,
      p99Ms: this.windowLatency.valueAtPercentile(99) / US_PER_MS,
      namespaceHitRatio,
    };
    this.windowLatency.reset();
    this.lastSnapshot = { tMs, hits, misses, originQueries };
    this.series.push(snapshot);
    this.ctx.sink.snapshot(snapshot);
  }

  private originQueryTotal(): number {
    return sum(this.originQueries);
  }

  // --- The end -----------------------------------------------------------------------------------

  private stopReason: 'done' | 'cancelled' | 'failed' = 'done';
  private stoppedAtMs = 0;

  private stop(now: number, reason: 'done' | 'cancelled' | 'failed'): void {
    if (this.finishing) return;
    this.finishing = true;
    this.stopReason = reason;
    this.stoppedAtMs = now;
    if (reason !== 'done') {
      const gap = this.gaps[this.gaps.length - 1];
      if (gap && gap.endMs === null && reason === 'cancelled') gap.endMs = now;
    }
    this.ctx.sink.progress({ done: this.workload.produced, total: this.workload.total, phase: this.phaseAt(now), tMs: now });
    this.resolveDone?.();
  }

  /** Closes the data pipe (pending commands are dropped). */
  closePipe(): void {
    this.pipe.close();
  }

  get failure(): RedisTargetError | undefined {
    return this.fatal;
  }

  get stoppedEarly(): boolean {
    return this.stopReason !== 'done';
  }

  private phaseAt(tMs: number): string {
    const phases = this.plan.phases;
    for (const phase of phases) if (tMs < phase.startMs + phase.durationMs) return phase.name;
    return phases[phases.length - 1]?.name ?? '';
  }

  /** The RunResult of what happened, after the final sample. */
  result(details: Omit<LiveRunDetails, 'pacing' | 'commands' | 'gaps' | 'errors' | 'clientHits' | 'clientMisses' | 'serverRestarts' | 'infoSamples' | 'pipelineDepth' | 'clientMemoryBytes' | 'clientMemoryMeanBytes' | 'baselineMemoryBytes' | 'baselineClientMemoryBytes'>, departures: string[]): LiveRunResult {
    const partial = this.stopReason !== 'done';
    const durationMs = partial ? this.stoppedAtMs : Math.max(this.endedAtMs, this.stoppedAtMs);
    const durationSec = Math.max(durationMs, 1) / 1000;
    // The closing snapshot, with the final counters, unless one was just taken.
    const lastT = this.series.length > 0 ? this.series[this.series.length - 1].tMs : -Infinity;
    if (durationMs > lastT) this.emitSnapshot(durationMs);
    const totals = this.totals.totals();
    const info = this.latestInfo;
    const clientHits = sum(this.hits);
    const clientMisses = sum(this.misses);
    const namespaces = this.plan.namespaces.map((ns): NamespaceMetrics => {
      const i = ns.index;
      return {
        name: ns.name,
        reads: this.hits[i] + this.misses[i],
        hits: this.hits[i],
        misses: this.misses[i],
        hitRatio: ratio(this.hits[i], this.hits[i] + this.misses[i]),
        evictedKeys: 0,
        expiredKeys: 0,
        usedMemoryBytes: 0,
        oomRejections: this.oomRejections[i],
        staleReads: this.staleReads[i],
        keys: 0,
        writes: this.writes[i],
        originQueries: this.originQueries[i],
        ttlMs: ns.ttlMs,
      };
    });
    const warnings = [...this.warnings];
    const oom = sum(this.oomRejections);
    if (oom > 0) warnings.push(`${oom} writes were refused with OOM (policy ${info.maxmemoryPolicy || this.plan.server.policy}). ${this.errorMessages.get('oom') ?? ''}`.trimEnd());
    if (this.duplicateLoads > 0) warnings.push(`${this.duplicateLoads} origin loads duplicated a load already in flight (thundering herd); client.singleFlight coalesces them`);
    if (this.origin.queuedMs > 0) warnings.push(`origin queries waited ${(this.origin.queuedMs / 1000).toFixed(1)} s in all for a free connection (maxConcurrency ${this.plan.origin.maxConcurrency})`);
    const lagP99 = this.lag.valueAtPercentile(99) / US_PER_MS;
    const lagMax = this.lag.max / US_PER_MS;
    if (!this.maxSpeed && lagP99 > 20) {
      warnings.push(`The client fell behind the plan's pace: requests went out up to ${lagMax.toFixed(0)} ms late (p99 ${lagP99.toFixed(1)} ms, ${this.lateRequests} more than 10 ms late). Lower the rate (or the speed-up) for a faithful timeline.`);
    }
    for (const gap of this.gaps) {
      warnings.push(`No connection from ${(gap.startMs / 1000).toFixed(2)} s to ${gap.endMs === null ? 'the end' : `${(gap.endMs / 1000).toFixed(2)} s`}: ${gap.droppedRequests} requests and ${gap.droppedCommands} commands were dropped (${gap.reason})`);
    }
    for (const [code, count] of this.errors) {
      if (code === 'oom' || code === 'disconnected') continue;
      warnings.push(`${count} command${count === 1 ? '' : 's'} failed: ${this.errorMessages.get(code) ?? code}`);
    }
    if (this.droppedTailEvents > 0) warnings.push(`${this.droppedTailEvents} loads, reads or delayed invalidations still pending 30 s after the last request were not sent`);
    if (this.totals.restarts > 0) warnings.push(`The server restarted ${this.totals.restarts} time(s) during the run (INFO run_id changed); counters were carried across`);
    const hitsFromInfo = totals.keyspaceHits;
    // Not after a failure: the last INFO then predates the last replies (the server stopped answering).
    if (clientHits + clientMisses > 1000 && Math.abs(hitsFromInfo - clientHits) > 0.01 * (clientHits + clientMisses) && this.totals.restarts === 0 && !this.fatal) {
      warnings.push(`INFO counted ${hitsFromInfo} hits where the run saw ${clientHits}: other clients are probably using the server; per-namespace figures are the run's own`);
    }
    const wallSec = Math.max(1e-3, (this.stoppedAtMs || durationMs) / 1000);
    const commands = Object.fromEntries(LIVE_COMMANDS.map((name, i) => {
      const h = this.commandLatency[i];
      return [name, {
        count: h.count, errors: this.commandErrors[i],
        p50Ms: h.valueAtPercentile(50) / US_PER_MS, p99Ms: h.valueAtPercentile(99) / US_PER_MS,
        meanMs: h.mean / US_PER_MS, maxMs: h.max / US_PER_MS,
      }];
    })) as Record<LiveCommand, CommandLatency>;
    const error = this.fatal ? { code: this.fatal.code, message: this.fatal.message } : undefined;
    if (error && !warnings.includes(error.message)) warnings.unshift(error.message);
    return {
      version: RUN_RESULT_VERSION,
      engine: 'live',
      design: { name: this.plan.designName, environment: this.plan.environment, seed: this.plan.seed },
      requests: this.requests,
      partial,
      durationMs,
      cache: {
        reads: totals.keyspaceHits + totals.keyspaceMisses,
        hits: totals.keyspaceHits,
        misses: totals.keyspaceMisses,
        hitRatio: ratio(totals.keyspaceHits, totals.keyspaceHits + totals.keyspaceMisses),
        evictedKeys: totals.evictedKeys,
        expiredKeys: totals.expiredKeys,
        // INFO does not split lazy and active expiry.
        expiredLazy: 0,
        expiredActive: totals.expiredKeys,
        usedMemoryBytes: info.usedMemory,
        peakMemoryBytes: Math.max(this.peakMemory, info.usedMemory),
        maxmemoryBytes: info.maxmemory,
        oomRejections: oom,
        staleReads: sum(this.staleReads),
        keys: info.keys,
        sets: this.sets,
        deletes: this.deletes,
      },
      latency: latencyMetrics(this.latency),
      origin: {
        queries: this.origin.queries,
        queriesPerSecMean: this.origin.queries / durationSec,
        queriesPerSecPeak: this.series.reduce((peak, s) => Math.max(peak, s.originQueriesPerSec), 0),
        peakConcurrency: this.origin.peakConcurrency,
        maxConcurrency: this.plan.origin.maxConcurrency,
        queuedMs: this.origin.queuedMs,
        duplicateLoads: this.duplicateLoads,
      },
      network: {
        bytesToRedis: this.bytesToRedis,
        bytesFromRedis: this.bytesFromRedis,
        bitsPerSec: ((this.bytesToRedis + this.bytesFromRedis) * 8) / durationSec,
      },
      namespaces,
      series: this.series,
      departures,
      warnings,
      live: {
        ...details,
        pipelineDepth: this.depth,
        pacing: {
          lagP50Ms: this.lag.valueAtPercentile(50) / US_PER_MS,
          lagP99Ms: lagP99,
          lagMaxMs: lagMax,
          lateRequests: this.lateRequests,
          achievedRequestsPerSec: this.requests / wallSec,
          commandsPerSec: this.commands / wallSec,
        },
        commands,
        gaps: this.gaps,
        errors: Object.fromEntries(this.errors),
        clientHits,
        clientMisses,
        serverRestarts: this.totals.restarts,
        infoSamples: this.infoSamples,
        clientMemoryBytes: info.memClientsNormal,
        clientMemoryMeanBytes: this.infoSamples > 0 ? this.clientMemorySum / this.infoSamples : info.memClientsNormal,
        baselineMemoryBytes: this.ctx.firstInfo.usedMemory,
        baselineClientMemoryBytes: this.ctx.firstInfo.memClientsNormal,
      },
      ...(error ? { error } : {}),
    };
  }

  addWarning(message: string): void {
    this.warnings.push(message);
  }

  /** Stops the run from outside (the eviction watcher) as a fatal error does, at the next turn; the first error wins. */
  fail(error: RedisTargetError): void {
    this.fatal ??= error;
    this.schedule();
  }

}

export function latencyMetrics(histogram: LatencyHistogram): LatencyMetrics {
  return {
    p50Ms: histogram.valueAtPercentile(50) / US_PER_MS,
    p95Ms: histogram.valueAtPercentile(95) / US_PER_MS,
    p99Ms: histogram.valueAtPercentile(99) / US_PER_MS,
    p999Ms: histogram.valueAtPercentile(99.9) / US_PER_MS,
    meanMs: histogram.mean / US_PER_MS,
    maxMs: histogram.max / US_PER_MS,
    histogram: histogram.toBuckets().map((b) => ({ upToMs: b.upToUs / US_PER_MS, count: b.count })),
  };
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
