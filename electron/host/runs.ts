/**
 * Runs: each in its own worker thread, streamed to the event hub (progress and snapshots, at most
 * ~20 a second each), recorded when it ends, and kept as a bounded history in memory and in
 * JSON files under dataDir/runs.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { messageOf, ServiceError } from './errors';
import type { EventHub } from './events';
import { designHashOf, reportRunsOf } from './exports';
import type { ReportRuns } from './exports';
import { writeJson } from './files';
import { markRun, RUN_MARKS } from '../common';
import type { CurveJson, RunRecord, RunSummary, StartRunInput } from '../common';
import type { FromWorker, RunJob, ToWorker } from './worker-protocol';
import { missRatioCurve } from './run-curve';
import { going, interrupted, readHistory } from './run-history';
import { endedSummary, jobOf } from './run-job';
import type { JobSources, RunEnd } from './run-job';
import { RunQueue } from './run-queue';
import { WorkerPool } from './worker-start';
import type { WorkerStartOptions } from './worker-start';

/** The desktop app's own queue: runs at once (more wait their turn). */
const DESKTOP_LIMITS = { total: 4, perPerson: 4 };
/** A cancelled run gets this long to return its partial result (a live run deletes its keys) before its worker is ended. */
const CANCEL_GRACE_MS = 10_000;

export interface RunsOptions extends JobSources {
  dataDir: string;
  clock: () => number;
  events: EventHub;
  worker: WorkerStartOptions;
  historyLimit: number;
  /** A room's shared queue and warm workers, and whose runs these are; default this host's own. */
  shared?: { queue: RunQueue; pool: WorkerPool; owner: string };
}

interface ActiveRun {
  worker: Worker;
  record: RunRecord;
  cancelRequested: boolean;
  /** A simulator run that has not reported progress yet: nothing outside the worker to clean up. */
  simulatorStarting: boolean;
  ended: Promise<void>;
  finish(update: RunEnd): void;
}

export class Runs {
  private readonly dir: string;
  /** Newest first. */
  private records: RunRecord[] = [];
  private readonly active = new Map<string, ActiveRun>();
  private loaded: Promise<void> | undefined;
  private counter = 0;
  /** Each run's writes, in order (its first, as it is queued, and its last, as it ends). */
  private readonly writing = new Map<string, Promise<void>>();
  /** Set by dispose: a run it cuts short ends as interrupted, not as cancelled by its owner. */
  private stopping = false;

  private readonly pool: WorkerPool;
  private readonly queue: RunQueue;
  private readonly owner: string;

  constructor(private readonly options: RunsOptions) {
    this.dir = join(options.dataDir, 'runs');
    this.pool = options.shared?.pool ?? new WorkerPool(options.worker);
    this.queue = options.shared?.queue ?? new RunQueue(DESKTOP_LIMITS);
    this.owner = options.shared?.owner ?? 'local';
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      // The UI lists the history when it opens: warm a worker now, so the first Run starts at once.
      this.pool.prepare();
      const { records, stale } = await readHistory(this.dir);
      this.records = records.concat(this.records);
      // A run the previous host left going is written back as failed: its tabs learn it on reconnecting.
      for (const record of stale) void this.persist(record);
    })();
    return this.loaded;
  }

  async start(input: StartRunInput): Promise<{ runId: string }> {
    await this.load();
    const { job, designText } = await jobOf(input, this.options);
    const { design, plan } = job;
    markRun(performance, RUN_MARKS.compiled);
    this.queue.checkRoom(this.owner);
    const startedAtMs = this.options.clock();
    const runId = `run-${startedAtMs.toString(36)}-${(++this.counter).toString(36)}`;
    const summary: RunSummary = {
      runId, label: input.label?.trim() || design.name, designName: design.name, environment: plan.environment, engine: job.engine,
      status: 'queued', startedAt: new Date(startedAtMs).toISOString(), hitRatio: null, p95Ms: null, error: null,
      provenance: { seed: plan.seed, speed: null, designHash: null, targets: [...design.targets], requests: input.requests ?? null },
    };
    const record: RunRecord = { summary, result: null, fidelity: null, designText };
    this.records.unshift(record);
    // The job first, then the hash (the worker needs none of it; the answer waits for it).
    const hashing = designHashOf(design);
    // Over the room's (or this app's) limits the run waits its turn, told its place in line.
    this.queue.enqueue({
      id: runId, owner: this.owner,
      start: () => this.launch(job.engine === 'container' ? { ...job, runId } : job, record),
      position: (place) => this.options.events.emit('onDidRunQueued', { runId, position: place }),
    });
    markRun(performance, RUN_MARKS.posted);
    // On disk while it waits or runs: a host that stops or crashes meanwhile reads it back as interrupted.
    void this.persist(record);
    const designHash = await hashing;
    const provenance = record.summary.provenance;
    if (provenance) record.summary = { ...record.summary, provenance: { ...provenance, designHash } };
    return { runId };
  }

  /** A run cancelled while it waited (or cut short by dispose): it ends without having run. */
  private endQueued(record: RunRecord): void {
    record.summary = this.stopping ? interrupted(record).summary : { ...record.summary, status: 'cancelled' };
    void this.persist(record).finally(() => this.options.events.emit('onDidRunEnd', { runId: record.summary.runId, summary: record.summary }));
  }

  private launch(job: RunJob, record: RunRecord): void {
    const { events } = this.options;
    const runId = record.summary.runId;
    record.summary = { ...record.summary, status: 'running' };
    let worker: Worker;
    try {
      worker = this.pool.take(job);
    } catch (error) {
      this.queue.release(runId);
      record.summary = { ...record.summary, status: 'failed', error: `The run could not start: ${messageOf(error)}` };
      void this.persist(record).finally(() => events.emit('onDidRunEnd', { runId, summary: record.summary }));
      return;
    }
    let resolveEnded!: () => void;
    const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
    let done = false;
    let snapshots = 0;
    let underWay = false;
    const run: ActiveRun = {
      worker, record, cancelRequested: false, ended, simulatorStarting: job.engine === 'sim',
      finish: (update) => {
        if (done) return;
        done = true;
        this.active.delete(runId);
        this.queue.release(runId);
        record.result = update.result;
        record.fidelity = update.fidelity;
        record.summary = endedSummary(record.summary, update, { cancelRequested: run.cancelRequested, stopping: this.stopping });
        void worker.terminate();
        this.pool.prepare();
        void this.persist(record).finally(() => {
          events.emit('onDidRunEnd', { runId, summary: record.summary });
          resolveEnded();
        });
      },
    };
    this.active.set(runId, run);
    worker.on('message', (message: FromWorker) => {
      if (done) return;
      // The job is under way (its first message): the next Run's worker may boot now, and has
      // the rest of this run to load and warm up. (Not earlier: it would slow this first snapshot.)
      if (!underWay) this.pool.prepare();
      underWay = true;
      run.simulatorStarting = false;
      switch (message.type) {
        case 'progress': events.emit('onDidRunProgress', { runId, progress: message.progress }); break;
        case 'snapshot':
          if (snapshots++ === 0) markRun(performance, RUN_MARKS.workerSnapshot);
          events.emit('onDidRunSnapshot', { runId, snapshot: message.snapshot });
          break;
        case 'end': run.finish({ result: message.result, fidelity: message.fidelity, error: message.error }); break;
        case 'failed': run.finish({ result: null, fidelity: null, error: message.message, status: 'failed' }); break;
        case 'curve': break;
      }
    });
    worker.on('error', (error) => run.finish({ result: null, fidelity: null, error: `The run stopped: ${messageOf(error)}`, status: 'failed' }));
    worker.on('exit', (code) => {
      // A container run's worker removes its container; one terminated first (a cancel past its grace, the host's stop) cannot.
      if (job.engine === 'container') void import('../../simulator/node/redis').then((redis) => redis.removeContainersLabelled(`${redis.RUN_LABEL}=${runId}`)).catch(() => undefined);
      if (run.cancelRequested) run.finish({ result: null, fidelity: null, error: null, status: 'cancelled' });
      else run.finish({ result: null, fidelity: null, error: `The run worker exited unexpectedly (code ${code})`, status: 'failed' });
    });
  }

  /** Writes the record after its earlier writes (never fails: see persistNow). */
  private persist(record: RunRecord): Promise<void> {
    const runId = record.summary.runId;
    const next = (this.writing.get(runId) ?? Promise.resolve()).then(() => this.persistNow(record));
    this.writing.set(runId, next);
    void next.then(() => {
      if (this.writing.get(runId) === next) this.writing.delete(runId);
    });
    return next;
  }

  private async persistNow(record: RunRecord): Promise<void> {
    try {
      await writeJson(join(this.dir, `${record.summary.runId}.json`), record);
      const finished = this.records.filter((r) => !going(r));
      for (const old of finished.slice(this.options.historyLimit)) {
        this.records = this.records.filter((r) => r !== old);
        await rm(join(this.dir, `${old.summary.runId}.json`), { force: true });
      }
    } catch {
      // The history is a convenience: a full disk must not turn a finished run into a failure.
    }
  }

  async cancel(runId: string): Promise<void> {
    await this.load();
    const run = this.active.get(runId);
    if (!run) {
      const waiting = this.records.find((r) => r.summary.runId === runId && r.summary.status === 'queued');
      if (waiting && this.queue.remove(runId)) return this.endQueued(waiting);
      if (this.records.some((r) => r.summary.runId === runId)) return; // already ended
      throw new ServiceError('not-found', `No run ${runId}`);
    }
    if (run.cancelRequested) return;
    run.cancelRequested = true;
    if (run.simulatorStarting) {
      // The worker is still starting (thread, code, plan) and would see the cancel only once its
      // run began: a simulation holds nothing outside its worker, so it ends here, at once.
      run.finish({ result: null, fidelity: null, error: null, status: 'cancelled' });
      return;
    }
    run.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    const timer = setTimeout(() => void run.worker.terminate(), CANCEL_GRACE_MS);
    void run.ended.finally(() => clearTimeout(timer));
  }

  async list(): Promise<RunSummary[]> {
    await this.load();
    return this.records.map((record) => record.summary);
  }

  async get(runId: string): Promise<RunRecord> {
    await this.load();
    const record = this.records.find((r) => r.summary.runId === runId);
    if (!record) throw new ServiceError('not-found', `No run ${runId} (the history keeps the last ${this.options.historyLimit})`);
    return record;
  }

  /** Finished runs' results for a review report, labelled by their names, in the order asked. */
  async reportRuns(runIds: ReadonlyArray<string> = []): Promise<ReportRuns> {
    const records: RunRecord[] = [];
    for (const runId of runIds) records.push(await this.get(runId));
    return reportRunsOf(records);
  }

  async rename(runId: string, label: string): Promise<RunSummary> {
    const record = await this.get(runId);
    if (label.trim() === '') throw new ServiceError('bad-input', 'A run needs a name: type one, or press Escape to keep the old one');
    record.summary = { ...record.summary, label: label.trim() };
    // A running or waiting run is written when it ends, with its new name.
    if (!going(record)) await this.write(record);
    return record.summary;
  }

  async delete(runId: string): Promise<void> {
    const record = await this.get(runId);
    if (going(record)) throw new ServiceError('busy', `The run "${record.summary.label}" is still going: stop it first, then delete it`);
    this.records = this.records.filter((r) => r !== record);
    await rm(join(this.dir, `${runId}.json`), { force: true });
  }

  private async write(record: RunRecord): Promise<void> {
    try {
      await writeJson(join(this.dir, `${record.summary.runId}.json`), record);
    } catch (error) {
      throw new ServiceError('io', `Could not write the run history: ${messageOf(error)}`);
    }
  }

  /** The miss-ratio curve, computed in a worker (one pass over the plan's reads). */
  curve(text: string, environment: string | undefined): Promise<CurveJson> {
    return missRatioCurve(this.pool, { text, environment });
  }

  /** The miss-ratio curve of the design a run ran (its kept text, with its environment, seed and budget). */
  async runCurve(runId: string): Promise<CurveJson> {
    const { summary, designText } = await this.get(runId);
    if (designText === undefined) {
      throw new ServiceError('not-found', `The run "${summary.label}" did not keep its design (it was made by an earlier version): run it again to see its curve`);
    }
    const { seed, requests } = summary.provenance ?? {};
    return missRatioCurve(this.pool, { text: designText, environment: summary.environment, seed, requests: requests ?? undefined });
  }

  /** Cancels every run and waits (bounded) for their partial results. */
  async dispose(): Promise<void> {
    this.stopping = true;
    for (const record of this.records) if (record.summary.status === 'queued' && this.queue.remove(record.summary.runId)) this.endQueued(record);
    if (!this.options.shared) await this.pool.dispose();
    const active = [...this.active.values()];
    for (const run of active) void this.cancel(run.record.summary.runId);
    await Promise.race([
      Promise.all(active.map((run) => run.ended)),
      new Promise((resolve) => setTimeout(resolve, CANCEL_GRACE_MS).unref()),
    ]);
    await Promise.all(active.map((run) => run.worker.terminate()));
    await Promise.all(this.writing.values());
  }
}
