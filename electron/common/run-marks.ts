/**
 * Performance marks on the way from Run to a run's first chart frame, set by the renderer and the
 * host (each in its own `performance` timeline, one mark per name: the latest run's) and read by
 * `npm run bench:ui` for its breakdown; also visible in a profiler's timeline.
 */
export const RUN_MARKS = {
  /** Renderer: Run accepted by the UI, the start request about to leave. */
  requested: 'kw:run requested',
  /** Host: the design parsed, validated and compiled into a plan. */
  compiled: 'kw:run compiled',
  /** Host: the job posted to its worker. */
  posted: 'kw:run job posted',
  /** Renderer: the host's answer (the run's id) arrived. */
  answered: 'kw:run answered',
  /** Host: the worker's first snapshot arrived (checked by the worker's schema). */
  workerSnapshot: 'kw:run first snapshot from worker',
  /** Renderer: the first snapshot reached the store (the charts render from here). */
  storeSnapshot: 'kw:run first snapshot in store',
} as const;

export type RunMark = (typeof RUN_MARKS)[keyof typeof RUN_MARKS];

/** The part of `performance` a mark needs (the renderer's and Node's both have it). */
export interface MarkTimeline {
  mark(name: string): unknown;
  clearMarks(name?: string): void;
}

export function markRun(timeline: MarkTimeline, name: RunMark): void {
  timeline.clearMarks(name);
  timeline.mark(name);
}
