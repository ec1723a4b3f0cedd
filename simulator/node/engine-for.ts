/**
 * The one place that chooses a run's engine. Every front end — `keyspace run` and
 * `keyspace replay`, the workbench's run worker — says where the commands go (the simulator, or a
 * real Redis with the live engine's options) and what traffic drives them (the plan's generated
 * phases, a plain key trace, or a recorded capture), and gets an Engine: run(plan, sink, signal).
 * Pub/sub fan-out is part of the plan and runs inside whichever engine is chosen. The live engine
 * and the replay code are loaded only when asked for, so a simulated run does not load them.
 */
import { SimulatedEngine } from '../run';
import type { Engine, RunResult } from '../run';
import type { LiveEngineOptions, LiveRunResult } from './live';
import type { Recording } from './replay/recorded-engine';

/** Where the commands go. */
export type EngineTarget = { kind: 'sim' } | { kind: 'live'; options: LiveEngineOptions };

/** What drives them. */
export type Traffic =
  /** The plan's phases (generated, seeded traffic). */
  | { kind: 'generated' }
  /** A plain key trace (one key, or key,valueBytes, per line) replayed as cache-aside reads. */
  | {
    kind: 'key-trace';
    file: string;
    /** Parse on a worker while replaying, where the plan allows (the CLI; needs an AbortSignal). */
    stream?: boolean;
    /** Where a warning about skipped lines goes (default: the result's warnings). */
    onWarning?: (message: string) => void;
    /** Below 1: replay a spatial sample of the keys at this rate (streamed; the result says its error). */
    sampleRate?: number;
  }
  /** Recorded commands (MONITOR, CSV, JSONL) replayed as they were, after readRecording's first pass. */
  | { kind: 'recorded'; recording: Recording; cacheAside?: boolean };

export interface EngineSpec {
  target: EngineTarget;
  /** Default: generated. */
  traffic?: Traffic;
  /** Simulated engines: requests between two yields to the host (progress and cancel are seen there). */
  chunkRequests?: number;
}

/** A combination no engine runs (the message says what would). */
export class EngineChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineChoiceError';
  }
}

const yieldToHost = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function engineFor(spec: EngineSpec): Promise<Engine> {
  const { target } = spec;
  const traffic = spec.traffic ?? { kind: 'generated' };
  switch (traffic.kind) {
    case 'generated': {
      if (target.kind === 'sim') return new SimulatedEngine({ chunkRequests: spec.chunkRequests, yieldToHost });
      const { LiveEngine } = await import('./live');
      return new LiveEngine(target.options);
    }
    case 'key-trace': {
      if (target.kind !== 'sim') throw new EngineChoiceError('A key trace replays on the simulator only; for recorded traffic on a real Redis, replay a recorded capture (keyspace replay --engine live)');
      const { KeyTraceEngine } = await import('./cli/trace-run');
      return new KeyTraceEngine(traffic, spec.chunkRequests);
    }
    case 'recorded': {
      const { RecordedEngine } = await import('./replay/recorded-engine');
      if (target.kind === 'sim') return new RecordedEngine(traffic.recording, { cacheAside: traffic.cacheAside, live: null });
      const { options } = target;
      if (options.target !== 'managed') throw new EngineChoiceError('Recorded traffic replays live on a managed redis-server only (it starts its own)');
      // A capture replays at its recorded pace unless a factor is given ('auto' fits generated plans, not captures).
      const speed = options.speed === 'max' ? Number.POSITIVE_INFINITY : typeof options.speed === 'number' ? options.speed : 1;
      return new RecordedEngine(traffic.recording, { cacheAside: traffic.cacheAside, live: { speed, binaryPath: options.redisServerPath } });
    }
  }
}

/** Why a live run could not start or stopped early (classified), or undefined: a run that did not fail. */
export function failureOf(result: RunResult): LiveRunResult['error'] {
  return isLiveRunResult(result) ? result.error : undefined;
}

/** Whether a result is the live engine's (with its live details). */
export function isLiveRunResult(result: RunResult): result is LiveRunResult {
  return result.engine === 'live' && 'live' in result;
}
