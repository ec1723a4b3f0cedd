/**
 * The run worker: runs one job off the UI's thread — a run on the engine engineFor chooses
 * (simulated or live; generated traffic, a key trace or a recorded capture), a fidelity run, or a
 * miss-ratio curve (the design's own policy, app-curve.ts) — and posts progress and snapshots at most `maxMessagesPerSec` times a second
 * each, then the result. A `cancel` message is seen between two chunks (a few ms of work), so a
 * run stops well within 100 ms and ends partial.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RunProgress, RunResult, RunSink, Snapshot } from '../../simulator/run';
import { appCurve, fidelityReportSchema, runResultSchema, snapshotSchema } from '../../simulator/run';
import type { z } from 'zod';
import { engineFor, failureOf } from '../../simulator/node/engine-for';
import type { EngineSpec, EngineTarget } from '../../simulator/node/engine-for';
import { sniffTraceFile } from '../../simulator/node/trace/read-trace';
import { messageOf, ServiceError } from './errors';
import { planOf } from './design-text';
import type { CurveJob, FromWorker, RunJob, ToWorker, WorkerJob } from './worker-protocol';
import { warmUp, WARMUP_DESIGN, WARMUP_REQUESTS } from './worker-warmup';
import type { FidelityJson } from '../common';

const CHUNK_REQUESTS = 20_000;

const port = parentPort;
if (!port) throw new Error('run-worker.ts runs inside a worker thread');
const post = (message: FromWorker): void => port.postMessage(message);

const cancel = { aborted: false };
let started = false;
port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') cancel.aborted = true;
  // A warm worker (started before anyone asked for a run) receives its job as a message.
  else if (message.type === 'job' && !started) void main(message.job);
});

/** Keeps the latest value and posts it at most once per interval (and once more on flush). */
class Throttled<T> {
  private pending: T | undefined;
  private lastPostMs = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number, private readonly send: (value: T) => void) {}

  push(value: T): void {
    this.pending = value;
    const now = performance.now();
    if (now - this.lastPostMs >= this.intervalMs) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs - (now - this.lastPostMs));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === undefined) return;
    const value = this.pending;
    this.pending = undefined;
    this.lastPostMs = performance.now();
    this.send(value);
  }
}

function throttledSink(job: RunJob): RunSink & { flush(): void } {
  const intervalMs = 1000 / Math.max(1, job.maxMessagesPerSec);
  const startedMs = performance.now();
  const progress = new Throttled<RunProgress>(intervalMs, (p) => {
    const elapsedMs = performance.now() - startedMs;
    const etaMs = p.done > 0 && p.total > 0 ? Math.max(0, (elapsedMs * (p.total - p.done)) / p.done) : null;
    post({ type: 'progress', progress: { done: p.done, total: p.total, phase: p.phase, tMs: p.tMs, etaMs } });
  });
  const snapshots = new Throttled<Snapshot>(intervalMs, (snapshot) => post({ type: 'snapshot', snapshot: checkedJson(snapshotSchema, snapshot, 'snapshot') }));
  return {
    progress: (p) => progress.push(p),
    snapshot: (s) => snapshots.push(s),
    flush: () => {
      snapshots.flush();
      progress.flush();
    },
  };
}

/** A plain JSON copy: what crosses the boundary is what a file would hold (NaN and Infinity become null). */
function toJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The plain JSON copy of a result or snapshot, checked by its schema before it leaves the worker. */
function checkedJson<T>(schema: z.ZodType<T>, value: T, what: string): T {
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(value)));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`The engine produced a ${what} its schema refuses (${issue.path.join('.')}: ${issue.message}): a bug, please report it with the design`);
}

/**
 * What the job runs on, for engineFor: the UI's engine choice as a target (a live run paces the
 * plan at wall-clock time, so long plans are compressed to about 20 s, as fidelity does), and a
 * dropped trace as traffic — a recorded capture (MONITOR, CSV, JSONL) replays as recorded, under
 * the open design; a plain key trace replays as cache-aside reads.
 */
async function engineSpecOf(job: RunJob, containerUrl?: string): Promise<EngineSpec> {
  let target: EngineTarget = { kind: 'sim' };
  if (job.engine !== 'sim') {
    const { withPasswordEnv } = await import('../../simulator/node/redis');
    const connection = job.connection;
    // A connection first: a managed engine with one runs on a server started in Servers.
    const live = connection ? { url: connection.passwordEnv ? withPasswordEnv(connection.url, connection.passwordEnv) : connection.url, allowNonEmpty: connection.allowNonEmpty, allowEvictionRisk: connection.allowEvictionRisk }
      : containerUrl ? { url: containerUrl }
      : job.engine === 'managed' ? 'managed' as const
        : job.engine === 'managed-cluster' ? 'managed-cluster' as const
          : null;
    if (live === null) throw new ServiceError('bad-input', 'A run on a connection needs connectionId: save the connection first and choose it');
    target = { kind: 'live', options: { target: live, shards: job.shards, speed: job.speed ?? 'auto', redisServerPath: job.redisServerPath, passwords: connection?.passwords } };
  }
  const file = job.tracePath;
  if (!file) return { target, chunkRequests: CHUNK_REQUESTS };
  const format = sniffTraceFile(file);
  if (!format) return { target, traffic: { kind: 'key-trace', file }, chunkRequests: CHUNK_REQUESTS };
  const { readRecording } = await import('../../simulator/node/replay/replay-file');
  const recording = await readRecording(file, { design: job.design, format, shouldStop: () => cancel.aborted });
  recording.warnings.unshift(`Replayed ${format} capture ${file} as recorded (a GET that missed loads nothing, as in keyspace replay).`);
  return { target, traffic: { kind: 'recorded', recording }, chunkRequests: CHUNK_REQUESTS };
}

async function runJob(job: RunJob): Promise<void> {
  const { plan } = job;
  const sink = throttledSink(job);
  let result: RunResult;
  let fidelity: FidelityJson | null = null;
  if (job.engine === 'fidelity') {
    // Not one engine but both on the same plan, compared.
    const { runFidelity } = await import('../../simulator/node/live/fidelity');
    const scale = job.speed === undefined || job.speed === 'max' ? 'auto' : job.speed;
    const report = await runFidelity(plan, { scale, sink, signal: cancel, redisServerPath: job.redisServerPath });
    fidelity = checkedJson(fidelityReportSchema, report, 'fidelity report');
    result = report.live;
  } else if (job.engine === 'container') {
    // A container of the job's image with the plan's settings, removed however the run ends (a cancel included).
    const { DockerUnavailableError, withContainerRedis } = await import('../../simulator/node/redis');
    const { serverSettingsOf } = await import('../../simulator/node/live');
    result = await withContainerRedis(serverSettingsOf(plan), { image: job.image, runId: job.runId }, async (container) => (await engineFor(await engineSpecOf(job, container.url))).run(plan, sink, cancel))
      .catch((error: unknown) => { throw error instanceof DockerUnavailableError ? new ServiceError('unavailable', error.message) : error; });
  } else {
    const spec = await asBadInput(() => engineSpecOf(job));
    const engine = await asBadInput(() => engineFor(spec));
    const run = () => engine.run(plan, sink, cancel);
    // A trace that cannot be replayed (unreadable, mostly malformed, empty) is the request's fault.
    result = spec.traffic ? await asBadInput(run) : await run();
    if (spec.traffic?.kind === 'recorded') result.warnings.push(...spec.traffic.recording.warnings);
  }
  sink.flush();
  post({ type: 'end', result: checkedJson(runResultSchema, result, 'result'), fidelity, error: failureOf(result)?.message ?? null });
}

/** Anything `work` throws, as a `bad-input` ServiceError (a ServiceError keeps its own code). */
async function asBadInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof ServiceError ? error : new ServiceError('bad-input', messageOf(error));
  }
}

async function curveJob(job: CurveJob): Promise<void> {
  post({ type: 'curve', curve: toJson(appCurve(job.plan, job.cappedFrom)) });
}

async function main(job: WorkerJob): Promise<void> {
  started = true;
  try {
    if (job.kind === 'run') await runJob(job);
    else await curveJob(job);
  } catch (error) {
    post({ type: 'failed', code: error instanceof ServiceError ? error.code : 'run-failed', message: messageOf(error) });
  }
  // Nothing keeps the thread alive now; the parent may also terminate it.
  port?.unref();
}

// No top-level await: the packaged app bundles this file as CommonJS.
const given = (workerData as { job?: WorkerJob } | null)?.job;
if (given) void main(given);
// A warm worker compiles the run's code while it waits (worker-warmup.ts); its job stops that.
else {
  void warmUp({
    plan: () => planOf({ text: WARMUP_DESIGN, requests: WARMUP_REQUESTS }).plan,
    checkSnapshot: (snapshot) => checkedJson(snapshotSchema, snapshot, 'snapshot'),
    checkResult: (result) => checkedJson(runResultSchema, result, 'result'),
  }, { get aborted() { return started; } });
}
