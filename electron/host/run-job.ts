/**
 * What a run request becomes before it is queued (the worker's job, checked: engine, trace,
 * connection), and what a run's summary becomes when it ends.
 */
import { sniffTraceFile } from '../../simulator/node/trace';
import { CONTAINER_IMAGE, evaluateTargets, isImageReference } from '../../simulator/run';
import type { EngineChoice, RunRecord, RunSummary, StartRunInput } from '../common';
import { planOf } from './design-text';
import { ServiceError } from './errors';
import { INTERRUPTED } from './run-history';
import type { RunJob } from './worker-protocol';

/** Progress and snapshot messages per second, each: smooth enough to watch, cheap to render. */
const MESSAGES_PER_SEC = 20;

/** Where a job's connection and trace come from. */
export interface JobSources {
  redisServerPath?: string;
  /** The saved connection a run on engine `connection` uses, with its allowed password variable's value. */
  connection(id: string): Promise<NonNullable<RunJob['connection']>>;
  /** A managed engine's target: a server started in Servers, or a new one (ManagedServers.runTarget). */
  managedTarget(engine: EngineChoice, input: StartRunInput): RunJob['connection'];
  /** Resolves (and in browser mode confines) a trace path. */
  tracePath(path: string): Promise<string>;
}

/** The job a run request describes, with its compiled design; a request that cannot run is refused. */
export async function jobOf(input: StartRunInput, sources: JobSources): Promise<{ job: RunJob; designText: string }> {
  const engine: EngineChoice = input.engine ?? 'sim';
  const set = input.set ?? [];
  const { design, plan, text: designText } = planOf({ text: input.text, set, environment: input.environment, seed: input.seed, requests: input.requests });
  if (engine === 'fidelity' && input.speed === 'max') {
    throw new ServiceError('bad-input', 'A fidelity run keeps both engines on one timeline: choose the speed auto or a factor, not max');
  }
  if (input.tracePath && engine !== 'sim' && engine !== 'managed') {
    throw new ServiceError('bad-input', 'A trace replays on the simulator or live on a managed redis-server (engine "sim" or "managed")');
  }
  let connection: RunJob['connection'];
  if (engine === 'connection') {
    if (!input.connectionId) throw new ServiceError('bad-input', 'A run on a connection needs connectionId: choose a saved connection');
    connection = await sources.connection(input.connectionId);
  }
  if (input.managedServerId !== undefined || input.shards !== undefined) connection = sources.managedTarget(engine, input);
  if (input.image !== undefined && engine !== 'container') throw new ServiceError('bad-input', 'image applies to the engine container');
  if (input.image !== undefined && !isImageReference(input.image)) throw new ServiceError('bad-input', `${JSON.stringify(input.image)} is not an image name: use a reference like redis:7`);
  const tracePath = input.tracePath ? await sources.tracePath(input.tracePath) : undefined;
  if (tracePath && engine === 'managed' && !sniffTraceFile(tracePath)) {
    throw new ServiceError('bad-input', 'A plain key trace replays on the simulator only; a recorded capture (MONITOR, CSV, JSONL) replays live too');
  }
  const job: RunJob = {
    kind: 'run', design, plan,
    engine, connection, tracePath, speed: input.speed, shards: input.shards, image: engine === 'container' ? input.image ?? CONTAINER_IMAGE : undefined, redisServerPath: sources.redisServerPath, maxMessagesPerSec: MESSAGES_PER_SEC,
  };
  return { job, designText };
}

/** How a run ended, as its worker (or its cancel, or its host's stop) said. */
export type RunEnd = Omit<RunRecord, 'summary'> & { status?: RunSummary['status']; error: string | null };

/**
 * A run's summary once it ended: its status (a run its host's stop cut short is interrupted, one
 * cancelled with a partial result is cancelled), headline figures, the speed it ran at and its targets.
 */
export function endedSummary(summary: RunSummary, end: RunEnd, options: { cancelRequested: boolean; stopping: boolean }): RunSummary {
  const result = end.result;
  let status = end.status ?? (end.error !== null ? 'failed' : options.cancelRequested && result?.partial ? 'cancelled' : 'done');
  let error = end.error;
  if (options.stopping && status !== 'done') [status, error] = ['failed', INTERRUPTED];
  const provenance = summary.provenance;
  return {
    ...summary, status, error,
    hitRatio: result ? result.cache.hitRatio : null,
    p95Ms: result ? result.latency.p95Ms : null,
    // The pace the live side ran at, as the engine resolved it (auto → a factor).
    ...(provenance ? { provenance: { ...provenance, speed: end.fidelity?.scale ?? result?.live?.speed ?? provenance.speed } } : {}),
    ...(result && provenance ? { targets: evaluateTargets(provenance.targets, result) } : {}),
  };
}
