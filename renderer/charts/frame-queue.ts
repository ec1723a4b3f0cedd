/**
 * One queue of drawing work for every chart on the page: jobs run in animation frames, a few
 * milliseconds per frame, so ten charts receiving 100 000 points each never block the page for
 * long (one chart's job is told when to yield and is called again in the next frame).
 */

/** Does some work; `deadline()` turns true when the frame's budget is spent. True when finished. */
export type FrameJob = (deadline: () => boolean) => boolean;

/** Script time per frame; the browser still has to lay out and paint what the jobs changed. */
const BUDGET_MS = 8;
const jobs = new Map<object, FrameJob>();
let frame = 0;

function run(): void {
  frame = 0;
  const end = performance.now() + BUDGET_MS;
  const deadline = () => performance.now() >= end;
  for (const [owner, job] of [...jobs]) {
    if (jobs.get(owner) !== job) continue;
    if (job(deadline) && jobs.get(owner) === job) jobs.delete(owner);
    if (deadline()) break;
  }
  if (jobs.size > 0) frame = requestAnimationFrame(run);
}

/** Queues `job` for `owner`, replacing the owner's queued job; returns a cancel function. */
export function schedule(owner: object, job: FrameJob): () => void {
  jobs.set(owner, job);
  if (frame === 0) frame = requestAnimationFrame(run);
  return () => {
    if (jobs.get(owner) === job) jobs.delete(owner);
  };
}
