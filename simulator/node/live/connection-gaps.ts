/**
 * Connection gaps: a dropped data connection opens a gap; requests and commands that fall due
 * meanwhile are dropped (nothing is queued), the pipe reconnects with backoff until the deadline,
 * and the gap is recorded with what it cost.
 */
import { backoffDelayMs, classifyRedisError, DeadlineExceededError, formatMs, RedisTargetError, withDeadline } from '../redis';
import type { CommandPipe } from './pipe';
import type { ReplyListener } from './resp-pipeline';
import type { LiveGap, LiveRunContext } from './live-types';
import { FATAL_CODES } from './pipe-port';

/** What the gaps need of the run. */
export interface GapHost extends ReplyListener {
  /** Plan time now. */
  now(): number;
  readonly finishing: boolean;
  /** The run goes on over a new pipe. */
  reconnected(pipe: CommandPipe): void;
  /** The run stops with this error (the first one wins). */
  fail(error: RedisTargetError): void;
  /** Something changed that the run should look at. */
  wake(): void;
}

export class ConnectionGaps {
  down = false;
  readonly gaps: LiveGap[] = [];

  constructor(private readonly ctx: LiveRunContext, private readonly host: GapHost) {}

  /** The current gap (there must be one). */
  get current(): LiveGap {
    return this.gaps[this.gaps.length - 1];
  }

  /** Watches `pipe`: its close opens a gap. */
  watch(pipe: CommandPipe): void {
    pipe.onClose((error) => this.closed(error));
  }

  private closed(error: Error | undefined): void {
    if (this.host.finishing) return;
    const now = this.host.now();
    const classified = classifyRedisError(error ?? new Error('Connection is closed.'), { target: this.ctx.describe, phase: 'command' });
    this.down = true;
    this.gaps.push({ startMs: now, endMs: null, reason: classified.message, droppedRequests: 0, droppedCommands: 0 });
    void this.reconnectLoop(now);
    this.host.wake();
  }

  /** A run cancelled while down ends its gap then. */
  cancelledAt(now: number): void {
    const gap = this.gaps[this.gaps.length - 1];
    if (gap && gap.endMs === null) gap.endMs = now;
  }

  private async reconnectLoop(startMs: number): Promise<void> {
    const { ctx, host } = this;
    const deadline = startMs + ctx.reconnectDeadlineMs;
    let lastFailure = '';
    for (let attempt = 1; !host.finishing; attempt++) {
      const gone = ctx.serverGone();
      if (gone !== null) {
        host.fail(new RedisTargetError('disconnected', gone));
        return;
      }
      if (ctx.signal.aborted) return;
      const wait = backoffDelayMs(attempt, { baseMs: 50, capMs: 1000 });
      if (host.now() + wait > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (host.finishing || ctx.signal.aborted) return;
      try {
        // An attempt ends with the loop's deadline (a stalled server accepts TCP and never answers).
        const opening = ctx.reconnect(host);
        const pipe = await withDeadline(opening, Math.max(1, deadline - host.now()), `Reconnecting to ${ctx.describe}`,
          () => void opening.then((late) => late.close(), () => undefined));
        if (host.finishing) {
          pipe.close();
          return;
        }
        this.watch(pipe);
        this.down = false;
        this.current.endMs = host.now();
        host.reconnected(pipe);
        return;
      } catch (error) {
        const classified = classifyRedisError(error, { target: ctx.describe, phase: 'connect' });
        // An attempt cut by the deadline says less than an earlier attempt's cause.
        if (!(error instanceof DeadlineExceededError) || lastFailure === '') lastFailure = ` (last attempt: ${classified.message})`;
        if (FATAL_CODES.has(classified.code)) {
          host.fail(classified);
          return;
        }
      }
    }
    if (!host.finishing) {
      host.fail(new RedisTargetError('disconnected',
        `The connection to ${ctx.describe} dropped and did not come back within ${formatMs(ctx.reconnectDeadlineMs)}; the run stopped with what it had.${lastFailure}`));
    }
  }
}
