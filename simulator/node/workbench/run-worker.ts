/**
 * The run worker: runs one job off the UI's thread — a simulated run (generated traffic or a
 * trace), a live or fidelity run, or a miss-ratio curve — and posts progress and snapshots at most
 * `maxMessagesPerSec` times a second each, then the result. A `cancel` message is seen between
 * two chunks (a few ms of work), so a run stops well within 100 ms and ends partial.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CancelSignal, RunPlan, RunProgress, RunResult, RunSink, Snapshot } from '../../run';
import { lruStackCurve, SimRun, SimulatedEngine, TraceKeys, tracePlan, TraceSource, traceRatePerSec } from '../../run';
import { messageOf, ServiceError } from './errors';
import { sniffTraceFormat } from '../../trace';
import type { TraceFormat } from '../../trace';
import type { Design } from '../../model';
import { planOf } from './design-text';
import type { CurveJob, FromWorker, RunJob, ToWorker, WorkerJob } from './worker-protocol';
import type { FidelityJson, RunResultJson } from './types';

const CHUNK_REQUESTS = 20_000;
const MAX_MALFORMED_SHARE = 0.1;

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

const yieldToHost = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  const snapshots = new Throttled<Snapshot>(intervalMs, (snapshot) => post({ type: 'snapshot', snapshot: toJson(snapshot) }));
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

/** A recorded capture (MONITOR, Twitter CSV, mapped CSV, JSONL), or null for a plain key trace. */
async function recordedFormatOf(file: string): Promise<TraceFormat | null> {
  const { openSync, readSync, closeSync } = await import('node:fs');
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    return sniffTraceFormat(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
}

/** Replays recorded commands as they were (keyspace replay), under the open design. */
async function runRecordedJob(design: Design, environment: string | undefined, file: string, format: TraceFormat, sink: RunSink, signal: CancelSignal): Promise<RunResult> {
  const { replayFile } = await import('../replay/replay-file');
  try {
    const replay = await replayFile(file, { design, format, environment, shouldStop: () => signal.aborted, onProgress: (progress) => sink.progress(progress) });
    replay.result.warnings.push(`Replayed ${format} capture ${file} as recorded (a GET that missed loads nothing, as in keyspace replay).`, ...replay.warnings);
    return replay.result;
  } catch (error) {
    throw new ServiceError('bad-input', messageOf(error));
  }
}

async function runTraceJob(plan: RunPlan, file: string, sink: RunSink, signal: CancelSignal): Promise<RunResult> {
  const { readKeyTrace } = await import('../cli/trace-run');
  let trace: ReturnType<typeof readKeyTrace>;
  try {
    trace = readKeyTrace(file);
  } catch (error) {
    throw new ServiceError('bad-input', messageOf(error));
  }
  const warnings: string[] = [];
  if (trace.malformed > 0) {
    const shown = trace.malformedLines.slice(0, 5).map((m) => `line ${m.line}: ${m.reason}`).join('; ');
    if (trace.malformed > MAX_MALFORMED_SHARE * Math.max(1, trace.lines)) {
      throw new ServiceError('bad-input', `${file}: ${trace.malformed} of ${trace.lines} lines are malformed (more than ${MAX_MALFORMED_SHARE * 100} %); expected "key" or "key,valueBytes" per line (${shown})`);
    }
    warnings.push(`The trace had ${trace.malformed} malformed line${trace.malformed === 1 ? '' : 's'}, skipped (${shown})`);
  }
  if (trace.count === 0) throw new ServiceError('bad-input', `${file}: the trace holds no request`);
  const keys = new TraceKeys(trace.interner, plan.namespaces);
  const run = new SimRun(tracePlan(plan, keys, trace.count), { sink, layout: keys, source: new TraceSource(trace, traceRatePerSec(plan)) });
  while (!signal.aborted && run.step(CHUNK_REQUESTS)) {
    sink.progress(run.progress());
    await yieldToHost();
  }
  sink.progress(run.progress());
  const result = run.result(!run.done);
  result.warnings.push(...warnings);
  return result;
}

async function runJob(job: RunJob): Promise<void> {
  const { design, plan } = job;
  const sink = throttledSink(job);
  let result: RunResult;
  let fidelity: FidelityJson | null = null;
  let error: string | null = null;
  if (job.engine === 'sim') {
    const recorded = job.tracePath ? await recordedFormatOf(job.tracePath) : null;
    result = job.tracePath
      ? recorded
        ? await runRecordedJob(design, plan.environment, job.tracePath, recorded, sink, cancel)
        : await runTraceJob(plan, job.tracePath, sink, cancel)
      : await new SimulatedEngine({ chunkRequests: CHUNK_REQUESTS, yieldToHost }).run(plan, sink, cancel);
  } else {
    // Loaded only for live runs: the simulator alone must not depend on the live engine's state.
    const live = await import('../live');
    const { withPasswordEnv } = await import('../redis');
    if (job.engine === 'fidelity') {
      const scale = job.speed === undefined || job.speed === 'max' ? 'auto' : job.speed;
      const report = await live.runFidelity(plan, { scale, sink, signal: cancel, redisServerPath: job.redisServerPath });
      fidelity = toJson<FidelityJson>({ sim: report.sim, live: report.live, diff: report.diff, scale: report.scale, notes: report.notes });
      result = report.live;
      error = report.live.error?.message ?? null;
    } else {
      const target = job.engine === 'managed' ? 'managed' as const
        : job.engine === 'managed-cluster' ? 'managed-cluster' as const
          : job.connection ? { url: job.connection.passwordEnv ? withPasswordEnv(job.connection.url, job.connection.passwordEnv) : job.connection.url, allowNonEmpty: job.connection.allowNonEmpty, allowEvictionRisk: job.connection.allowEvictionRisk }
            : null;
      if (target === null) throw new ServiceError('bad-input', 'A run on a connection needs connectionId: save the connection first and choose it');
      // A live run paces the plan at wall-clock time: by default compressed to about 20 s, as fidelity does.
      const speed = job.speed ?? 'auto';
      const liveResult = await new live.LiveEngine({ target, speed, redisServerPath: job.redisServerPath, passwords: job.connection?.passwords }).run(plan, sink, cancel);
      result = liveResult;
      error = liveResult.error?.message ?? null;
    }
  }
  sink.flush();
  post({ type: 'end', result: toJson<RunResultJson>(result), fidelity, error });
}

async function curveJob(job: CurveJob): Promise<void> {
  const { plan } = planOf({ text: job.text, environment: job.environment });
  const curve = lruStackCurve(plan, { pointCount: 20 });
  post({ type: 'curve', curve: toJson({ points: curve.points, workingSetBytes: curve.workingSetBytes, memoryFor: curve.memoryFor }) });
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
