/**
 * The Engine contract both engines implement, and the simulated engine: it runs a SimRun in
 * chunks, yields to the host between chunks (so a cancel is seen within one chunk, well under
 * 100 ms) and returns a RunResult, marked partial when stopped early.
 */
import type { RunPlan } from './plan';
import type { CancelSignal, RunResult, RunSink } from './result';
import { NULL_SINK } from './result';
import { SimRun } from './sim-run';

export interface Engine {
  readonly kind: 'sim' | 'live';
  /** Runs a plan, streaming snapshots and progress to the sink; honours cancel; never throws for a stopped run. */
  run(plan: RunPlan, sink?: RunSink, signal?: CancelSignal): Promise<RunResult>;
}

export interface SimulatedEngineOptions {
  /** Requests per chunk between two yields (default 20 000: ~10 ms of work, so a cancel lands well inside 100 ms). */
  chunkRequests?: number;
  /** How the host lets other work run between chunks (setImmediate in Node, a macrotask in a browser). */
  yieldToHost?: () => Promise<void>;
}

const NOT_CANCELLED: CancelSignal = { aborted: false };

export class SimulatedEngine implements Engine {
  readonly kind = 'sim';
  private readonly chunkRequests: number;
  private readonly yieldToHost: () => Promise<void>;

  constructor(options: SimulatedEngineOptions = {}) {
    this.chunkRequests = options.chunkRequests ?? 20_000;
    this.yieldToHost = options.yieldToHost ?? (() => Promise.resolve());
  }

  async run(plan: RunPlan, sink: RunSink = NULL_SINK, signal: CancelSignal = NOT_CANCELLED): Promise<RunResult> {
    const run = new SimRun(plan, sink);
    while (!signal.aborted && run.step(this.chunkRequests)) {
      sink.progress(run.progress());
      await this.yieldToHost();
    }
    sink.progress(run.progress());
    return run.result(!run.done);
  }
}

/** Runs a plan to the end synchronously: for tests, sweeps and comparisons. */
export function simulate(plan: RunPlan, sink?: RunSink): RunResult {
  const run = new SimRun(plan, sink);
  while (run.step(1_000_000)) { /* the plan runs to its end */ }
  return run.result(false);
}
