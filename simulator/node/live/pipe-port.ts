/**
 * The cache-aside client's port on a real Redis: GET, SET and DEL go down the data pipe (every
 * reply PENDING, answered from onReply), pattern deletes run as SCAN + UNLINK on the control
 * connection. Replies come back here: a GET's goes to the sequencer (which hands them to the
 * client in plan order), a SET's straight to the client; errors are tallied per command.
 */
import { LatencyHistogram } from '../../metrics';
import type { CacheAsideClient, CachePort } from '../../run/cache-aside';
import { FAILED, PENDING, REFUSED, STORED } from '../../run/cache-aside';
import type { KeyLayout } from '../../run';
import type { RedisErrorCode, RedisTargetError } from '../redis';
import { classifyRedisError } from '../redis';
import type { CommandPipe } from './pipe';
import type { ReplyListener } from './resp-pipeline';
import { REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST, REPLY_NIL } from './resp-pipeline';
import type { LiveRunContext, NamespaceDeletion } from './live-types';
import { CMD_DEL, CMD_GET, CMD_SCAN, CMD_SET, LIVE_COMMANDS, US_PER_MS } from './live-types';

// Reply tags.
const OP_GET = 1;
const OP_STORE = 2;
const OP_DEL = 3;

/** GET replies as the sequencer takes them. */
export const READ_HIT = 1;
export const READ_MISS = 2;
export const READ_FAILED = 3;

/** Error codes that make every further command fail the same way: stop the run. */
export const FATAL_CODES = new Set<RedisErrorCode>(['auth', 'acl-denied', 'cluster-redirect', 'readonly', 'redirect-storm']);

/** What the port tells the run. */
export interface PortHost {
  /** A GET tagged `tag` was answered (READ_*), a hit after `hitMs`. */
  readReplied(tag: number, outcome: number, hitMs: number): void;
  /** A command failed in a way every further one would: stop the run. */
  fatal(error: RedisTargetError): void;
  /** Something changed that the run should look at (a pattern delete ended). */
  wake(): void;
}

export class PipePort implements CachePort, ReplyListener {
  readonly deletedKeyBytes = 0;
  /** The tag of the next GET (the sequencer's read number). */
  readTag = 0;
  /** Pattern deletes running (a barrier: nothing else is sent meanwhile). */
  deleting = 0;
  commands = 0;
  readonly errors = new Map<string, number>();
  readonly errorMessages = new Map<string, string>();
  readonly commandLatency = LIVE_COMMANDS.map(() => new LatencyHistogram({ significantDigits: 2 }));
  readonly commandErrors = new Float64Array(LIVE_COMMANDS.length);
  client!: CacheAsideClient;
  host!: PortHost;
  private readonly offsets: Int32Array;

  constructor(public pipe: CommandPipe, private readonly ctx: LiveRunContext, private readonly layout: KeyLayout) {
    this.offsets = Int32Array.from(ctx.plan.namespaces, (ns) => ns.keyIdOffset);
  }

  get(id: number, atMs: number): number {
    const ns = this.layout.namespaceOf(id);
    this.commands++;
    this.pipe.planMs = atMs;
    this.pipe.get(OP_GET, id, this.readTag, this.ctx.keys, ns, id - this.offsets[ns]);
    return PENDING;
  }

  set(id: number, _keyBytes: number, valueBytes: number, ttlMs: number, version: number, atMs: number): number {
    const ns = this.layout.namespaceOf(id);
    this.commands++;
    this.pipe.planMs = atMs;
    // PX takes whole milliseconds (≥ 1); 0 sends no PX.
    const px = ttlMs > 0 ? Math.max(1, Math.round(ttlMs)) : 0;
    this.pipe.set(OP_STORE, id, version, this.ctx.keys, ns, id - this.offsets[ns], this.ctx.values, valueBytes, version, px);
    return PENDING;
  }

  del(id: number, atMs: number): void {
    const ns = this.layout.namespaceOf(id);
    this.commands++;
    this.pipe.planMs = atMs;
    this.pipe.del(OP_DEL, id, 0, this.ctx.keys, ns, id - this.offsets[ns]);
  }

  deletePattern(ns: number, atMs: number): number {
    this.deleting++;
    const time = (command: number, ms: number): void => {
      this.commandLatency[command].record(ms * US_PER_MS);
      this.commands++;
    };
    this.ctx.deleteNamespace(ns, atMs, time).then((deleted: NamespaceDeletion) => {
      this.client.patternDeleted(deleted.count, deleted.keyBytes);
    }, (error: unknown) => {
      this.countError(classifyRedisError(error, { target: this.ctx.describe, phase: 'command' }));
      this.commandErrors[CMD_SCAN]++;
    }).finally(() => {
      this.deleting--;
      this.host.wake();
    });
    return PENDING;
  }

  advance(): void {
    // Redis keeps its own time.
  }

  onReply(op: number, id: number, arg: number, type: number, _value: number, sentAtMs: number, nowMs: number): void {
    const commandUs = (nowMs - sentAtMs) * US_PER_MS;
    switch (op) {
      case OP_GET:
        this.commandLatency[CMD_GET].record(commandUs);
        if (type === REPLY_BULK) {
          this.host.readReplied(arg, READ_HIT, nowMs - sentAtMs);
        } else if (type === REPLY_NIL) {
          this.host.readReplied(arg, READ_MISS, 0);
        } else {
          this.failed(type, CMD_GET);
          this.host.readReplied(arg, READ_FAILED, 0);
        }
        break;
      case OP_STORE:
        this.commandLatency[CMD_SET].record(commandUs);
        if (type === REPLY_ERROR && this.pipe.replyText.startsWith('OOM')) {
          this.commandErrors[CMD_SET]++;
          this.countCode('oom', this.errorMessages.has('oom') ? '' : this.classify(this.pipe.replyText).message);
          this.client.setReplied(id, arg, REFUSED);
        } else if (type === REPLY_ERROR || type === REPLY_LOST) {
          this.failed(type, CMD_SET);
          this.client.setReplied(id, arg, FAILED);
        } else {
          this.client.setReplied(id, arg, STORED);
        }
        break;
      case OP_DEL:
        this.commandLatency[CMD_DEL].record(commandUs);
        if (type !== REPLY_INTEGER) this.failed(type, CMD_DEL);
        break;
      default:
        break;
    }
  }

  private failed(type: number, command: number): void {
    this.commandErrors[command]++;
    if (type === REPLY_LOST) this.countCode('disconnected', this.pipe.replyText);
    else this.countError(this.classify(this.pipe.replyText));
  }

  private classify(text: string): RedisTargetError {
    return classifyRedisError(new Error(text), { target: this.ctx.describe, phase: 'command' });
  }

  countError(error: RedisTargetError): void {
    this.countCode(error.code, error.message);
    if (FATAL_CODES.has(error.code)) this.host.fatal(error);
  }

  private countCode(code: string, message: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
    if (!this.errorMessages.has(code)) this.errorMessages.set(code, message);
  }
}
