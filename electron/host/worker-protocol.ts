/** Messages between the services and a run worker (structured-cloned, so plain data only). */
import type { Design } from '../../simulator/model';
import type { RunPlan, Snapshot, SpeedRequest } from '../../simulator/run';
import type { PasswordEnv } from '../../simulator/node/redis';
import type { CurveJson, EngineChoice, FidelityJson, Progress, RunResultJson } from '../common';

export interface RunJob {
  kind: 'run';
  /**
   * The design and its plan, compiled (and held to the cost limits) once by the services: the
   * worker runs them as they are, without reading the design text again.
   */
  design: Design;
  plan: RunPlan;
  engine: EngineChoice;
  /**
   * For engine `connection` (or a managed engine run on a server started in Servers): the
   * connection, and the allow-list with the values of only the
   * allowed password variables (the worker resolves passwordEnv against these, never its own env).
   */
  connection?: { url: string; passwordEnv?: string; allowNonEmpty: boolean; allowEvictionRisk: boolean; passwords: PasswordEnv };
  tracePath?: string;
  /** Engine `managed-cluster` on a new cluster: its masters (default 3). */
  shards?: number;
  /** Engine `container`: the image of the run's container, and the run id it is labelled with. */
  image?: string;
  runId?: string;
  /** Live and fidelity runs: the requested speed (run/time-scale.ts resolves it); default auto. */
  speed?: SpeedRequest;
  redisServerPath?: string;
  /** Most messages per second for progress and for snapshots (each). */
  maxMessagesPerSec: number;
}

/** The miss-ratio curve of a design: its plan, compiled once by the services (as a run's). */
export interface CurveJob {
  kind: 'curve';
  /** Compiled with the app's curve budget when the design asks for more (see app-curve.ts). */
  plan: RunPlan;
  /** The design's own request count when the plan was cut to the budget, else null. */
  cappedFrom: number | null;
}

export type WorkerJob = RunJob | CurveJob;

/** Parent → worker. */
/** Parent → worker: a warm worker waits for its `job`; a running one may be cancelled. */
export type ToWorker = { type: 'cancel' } | { type: 'job'; job: WorkerJob };

/** Worker → parent. */
export type FromWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'end'; result: RunResultJson; fidelity: FidelityJson | null; error: string | null }
  | { type: 'curve'; curve: CurveJson }
  | { type: 'failed'; code: string; message: string };
