/**
 * One live run: the plan's cache-aside traffic on a real Redis, paced at wall-clock time, driven
 * by the same cache-aside client as the simulator (run/cache-aside) through a port on the data
 * pipe (pipe-port.ts). The parts:
 * - sequencer.ts: pacing and held reads (commands go out, and replies reach the client, in plan order);
 * - connection-gaps.ts: a dropped connection, its reconnects and what it cost;
 * - server-truth.ts: INFO sampled every snapshot interval, and the snapshots;
 * - live-result.ts: the RunResult at the end.
 *
 * Time: plan time t runs at wall time t0 + t (a plan is sped up beforehand with scalePlan). A
 * request is issued when its time has come and the pipeline has room; how late it went out is
 * the pacing lag. Speed 'max' ignores the plan's arrival times.
 */
import { LatencyHistogram } from '../../metrics';
import { NamespaceKeys, Workload } from '../../run';
import type { KeyLayout, RequestSource } from '../../run';
import { CacheAsideClient } from '../../run/cache-aside';
import { KeyRecords } from '../../run/key-records';
import { Rng } from '../../traffic';
import type { RedisTargetError } from '../redis';
import { ConnectionGaps } from './connection-gaps';
import type { GapHost } from './connection-gaps';
import { LiveLimits, OP_LIMIT_DECIDE, OP_LIMIT_PTTL } from './live-limits';
import { liveRunResult } from './live-result';
import type { LiveRunContext, LiveRunResult, SessionDetails } from './live-types';
import type { CommandPipe } from './pipe';
import { PipePort } from './pipe-port';
import type { PortHost } from './pipe-port';
import { Sequencer } from './sequencer';
import { ServerTruth } from './server-truth';

/** After the last request, scheduled loads and invalidations are awaited this long by default (plan ms). */
const TAIL_MS = 30_000;

export class LiveTraffic implements PortHost, GapHost {
  private readonly ctx: LiveRunContext;
  private readonly client: CacheAsideClient;
  private readonly port: PipePort;
  private readonly sequencer: Sequencer;
  private readonly truth: ServerTruth;
  private readonly gaps: ConnectionGaps;
  private readonly latency = new LatencyHistogram();
  private readonly maxSpeed: boolean;
  private readonly warnings: string[] = [];
  private t0 = 0;
  private scheduled = false;
  /** The pump's timer while it waits for a time (a reply may call it sooner: wake). */
  private timer: ReturnType<typeof setTimeout> | undefined;
  finishing = false;
  private lastProgressAt = -Infinity;
  private tailDeadlineMs = Infinity;
  private droppedTailEvents = 0;
  private fatalError: RedisTargetError | undefined;
  private stopReason: 'done' | 'cancelled' | 'failed' = 'done';
  private stoppedAtMs = 0;
  private resolveDone: (() => void) | undefined;

  /** The design's rate limiters, deciding each generated request on the server before the cache sees it. */
  readonly limits: LiveLimits | undefined;

  /** `source` and `layout`: the requests and their keys (default: the plan's generated workload). */
  constructor(ctx: LiveRunContext, source?: RequestSource, layout: KeyLayout = new NamespaceKeys(ctx.plan.namespaces)) {
    this.ctx = ctx;
    const plan = ctx.plan;
    this.maxSpeed = ctx.speed === 'max';
    const rng = new Rng(plan.seed);
    const workload = source ?? new Workload(plan, rng.fork('workload'));
    // As in the simulator: limiters on generated workloads only (a trace has no clients).
    this.limits = plan.rateLimits?.limiters.length && !source ? new LiveLimits(plan.rateLimits, workload, rng.fork('rate-limits'), ctx.keys.prefix, {
      pipe: () => this.port.pipe,
      refused: () => { this.client.requests++; },
      wake: () => this.wake(),
    }) : undefined;
    const requests = this.limits ?? workload;
    this.port = new PipePort(ctx.pipe, ctx, layout);
    const windowLatency = new LatencyHistogram({ significantDigits: 2 });
    // The simulator's client, on its random streams: the same draws in the same order.
    this.client = new CacheAsideClient(plan, layout, new KeyRecords(layout), this.port, rng.fork('client'), this.latency, windowLatency);
    this.port.client = this.client;
    this.port.host = this;
    this.sequencer = new Sequencer(plan, this.client, requests, this.port, this.maxSpeed, ctx.order ?? 'key', layout.totalKeys);
    this.truth = new ServerTruth(ctx, this.client, this.sequencer, windowLatency);
    this.gaps = new ConnectionGaps(ctx, this);
    this.gaps.watch(ctx.pipe);
  }

  /** Runs to the end of the plan, a cancel, or a fatal failure. */
  run(): Promise<void> {
    this.t0 = this.ctx.clock();
    this.client.prewarm(0);
    this.sequencer.start();
    return new Promise<void>((resolve) => {
      this.resolveDone = resolve;
      this.pump();
    });
  }

  /** Plan time now (ms since the start). */
  now(): number {
    return this.ctx.clock() - this.t0;
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    this.timer = undefined;
    if (this.finishing) return;
    const now = this.now();
    const { sequencer, gaps } = this;
    if (this.ctx.signal.aborted) return this.stop(now, 'cancelled');
    if (this.fatalError) return this.stop(now, 'failed');
    if (gaps.down) {
      const [requests, commands] = sequencer.dropDue(now);
      this.limits?.dropDue(now, this.maxSpeed);
      gaps.current.droppedRequests += requests + (this.limits?.takeDropped() ?? 0);
      gaps.current.droppedCommands += commands;
    } else {
      this.issueDue(now);
    }
    if (!sequencer.have && !this.limits?.waiting && this.tailDeadlineMs === Infinity) this.tailDeadlineMs = now + (this.ctx.tailMs ?? TAIL_MS);
    if (now >= this.truth.nextSnapshotAtMs) this.truth.request(now, () => this.finishing);
    if (now - this.lastProgressAt >= 100) {
      this.lastProgressAt = now;
      this.progress(now);
    }
    if (sequencer.idle && this.port.pipe.inFlight === 0 && !gaps.down) return this.stop(now, 'done');
    this.scheduleNext(now);
  };

  private issueDue(now: number): void {
    const pipe = this.port.pipe;
    const clockNow = now + this.t0;
    if (pipe.inFlight > 0 && clockNow - pipe.oldestSentAtMs > this.ctx.commandTimeoutMs) {
      pipe.destroy(new Error(`Command timed out: no reply for ${this.ctx.commandTimeoutMs} ms`));
      return;
    }
    if (!this.sequencer.have && now > this.tailDeadlineMs) this.droppedTailEvents += this.sequencer.dropTail();
    pipe.stampMs = clockNow;
    this.limits?.pump(now, this.maxSpeed);
    const depth = this.ctx.pipelineDepth;
    this.sequencer.issueDue(now, () => pipe.inFlight < depth && !pipe.closed);
    pipe.flush();
  }

  private scheduleNext(now: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.gaps.down) {
      setTimeout(this.pump, 10);
      return;
    }
    const { sequencer } = this;
    const requestAt = sequencer.have ? (this.maxSpeed ? now : sequencer.source.timeMs) : this.limits?.nextDueMs ?? Infinity;
    const due = Math.min(requestAt, this.client.events.peekTime(), this.truth.nextSnapshotAtMs);
    // Timers fire a millisecond or more late: spin on immediates when something is due sooner.
    if (this.port.pipe.inFlight >= this.ctx.pipelineDepth || due - now <= 2) setImmediate(this.pump);
    else this.timer = setTimeout(this.pump, Math.min(Math.floor(due - now) - 1, 20));
  }

  /** Something may go now (a reply released held reads or events, a pattern delete ended): no waiting for the timer. */
  wake(): void {
    if (this.finishing) return;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.scheduled = false;
    }
    this.scheduleNext(this.now());
  }

  readReplied(tag: number, outcome: number, hitMs: number): void {
    if (this.sequencer.readReplied(tag, outcome, hitMs)) this.wake();
  }

  onReply(op: number, id: number, arg: number, type: number, value: number, sentAtMs: number, nowMs: number): void {
    if (op >= OP_LIMIT_DECIDE && op <= OP_LIMIT_PTTL) return this.limits?.onReply(op, id, arg, type, value);
    this.port.onReply(op, id, arg, type, value, sentAtMs, nowMs);
  }

  reconnected(pipe: CommandPipe): void {
    this.port.pipe = pipe;
    this.wake();
  }

  /** Stops the run (a fatal error, the eviction watcher) at the next turn; the first error wins. */
  fail(error: RedisTargetError): void {
    this.fatalError ??= error;
    this.wake();
  }

  fatal(error: RedisTargetError): void {
    this.fail(error);
  }

  get failure(): RedisTargetError | undefined {
    return this.fatalError;
  }

  get stoppedEarly(): boolean {
    return this.stopReason !== 'done';
  }

  addWarning(message: string): void {
    this.warnings.push(message);
  }

  /** Closes the data pipe (pending commands are dropped). */
  closePipe(): void {
    this.port.pipe.close();
  }

  finalSample(timeoutMs: number): Promise<boolean> {
    return this.truth.finalSample(timeoutMs);
  }

  private stop(now: number, reason: 'done' | 'cancelled' | 'failed'): void {
    if (this.finishing) return;
    this.finishing = true;
    this.stopReason = reason;
    this.stoppedAtMs = now;
    if (reason === 'cancelled') this.gaps.cancelledAt(now);
    this.progress(now);
    this.resolveDone?.();
  }

  private progress(now: number): void {
    const source = this.sequencer.source;
    const phases = this.ctx.plan.phases;
    const phase = phases.find((p) => now < p.startMs + p.durationMs) ?? phases[phases.length - 1];
    this.ctx.sink.progress({ done: source.produced, total: source.total, phase: phase?.name ?? '', tMs: now });
  }

  /** The RunResult of what happened, after the final sample. */
  result(details: SessionDetails, departures: string[]): LiveRunResult {
    const partial = this.stopReason !== 'done';
    const durationMs = partial ? this.stoppedAtMs : Math.max(this.sequencer.endedAtMs, this.stoppedAtMs);
    // The closing snapshot, with the final counters, unless one was just taken.
    const series = this.truth.series;
    if (durationMs > (series.length > 0 ? series[series.length - 1].tMs : -Infinity)) this.truth.emit(durationMs);
    return liveRunResult({
      ctx: this.ctx, client: this.client, latency: this.latency, sequencer: this.sequencer, port: this.port, truth: this.truth,
      gaps: this.gaps, durationMs, partial, wallSec: Math.max(1e-3, (this.stoppedAtMs || durationMs) / 1000),
      droppedTailEvents: this.droppedTailEvents, fatal: this.fatalError, warnings: this.warnings, limitersRan: this.limits !== undefined,
    }, details, departures);
  }
}
