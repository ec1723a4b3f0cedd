/**
 * Every wait on a live server ends (DESIGN.md, "Safety of live runs"): a server that stops
 * answering — stopped with SIGSTOP, a dead cluster node, a half-open connection — must not hang a
 * run, its teardown or the CLI. Two tools, used at every such wait:
 *
 * - withDeadline(): one awaited step, rejected with a 'timeout' RedisTargetError naming what got
 *   no answer, where, and for how long;
 * - TimeBudget: a sequence of steps sharing one total (the teardown), each capped too, so a
 *   teardown whose every step times out still ends within the total.
 */
import { RedisTargetError } from './errors';

/** The live engine's limits, in one place (README "Live runs on a real Redis" lists them). */
export const LIVE_DEADLINES = {
  /** A command on the control connection (INFO, CONFIG GET/SET, DBSIZE, SCAN, UNLINK), and a data command without a reply. */
  commandMs: 5000,
  /** The whole teardown: pub/sub closed, run keys deleted, CONFIG restored, connections closed. */
  teardownMs: 10_000,
  /** Deleting the run's keys (SCAN + UNLINK), within the teardown. */
  cleanupMs: 5000,
  /** Restoring the CONFIG values the run changed, within the teardown. */
  restoreConfigMs: 2000,
  /** Closing pub/sub connections, and QUIT on the control connection, each within the teardown. */
  closeMs: 1500,
  /** Opening the pub/sub subscribers, publisher and consumer groups. */
  openMs: 15_000,
} as const;

/** A wait that passed its deadline; `code` 'timeout'. */
export class DeadlineExceededError extends RedisTargetError {
  constructor(readonly what: string, readonly limitMs: number) {
    super('timeout', `${what} got no answer within ${formatMs(limitMs)}`);
    this.name = 'DeadlineExceededError';
  }
}

/** `1.5 s`, `300 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/**
 * Resolves or rejects as `work` does if it settles within `limitMs`; otherwise rejects with a
 * DeadlineExceededError and calls `onExpired` (to drop the connection the work was waiting on).
 * A late settlement of `work` is ignored, never unhandled.
 */
export function withDeadline<T>(work: Promise<T>, limitMs: number, what: string, onExpired?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onExpired?.();
      reject(new DeadlineExceededError(what, limitMs));
    }, Math.max(0, limitMs));
    work.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** One total for a sequence of steps, each capped as well. */
export class TimeBudget {
  private readonly endsAt: number;

  constructor(readonly totalMs: number, private readonly now: () => number = () => performance.now()) {
    this.endsAt = now() + totalMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now());
  }

  /**
   * Runs `work` with a deadline of `capMs` or what is left of the total, whichever is less. When
   * nothing is left, `work` is not started and the step fails at once.
   */
  step<T>(what: string, capMs: number, work: () => Promise<T>, onExpired?: () => void): Promise<T> {
    const limitMs = Math.min(capMs, this.remainingMs());
    if (limitMs <= 0) return Promise.reject(new RedisTargetError('timeout', `${what} was not tried: the ${formatMs(this.totalMs)} allowed were spent`));
    return withDeadline(work(), limitMs, what, onExpired);
  }
}
