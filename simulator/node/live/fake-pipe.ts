/**
 * A Redis in the process for tests of the live engine: the simulator's keyspace (the cache model
 * behind ModelPort) on the far side of a fake data connection and a fake control connection.
 * The data connection applies commands in the order they were sent, each at the plan time it was
 * sent at, when the server "gets to" them, and answers them in that order after random delays;
 * the control connection's pattern deletes run after their own random delay, interleaving with
 * the data connection as two real connections may. Nothing here is a mock of the engine: the
 * engine runs as it does against Redis, only the server is the simulator's.
 */
import type { CacheModel } from '../../cache';
import type { KeyLayout } from '../../run';
import { NO_KEY, RecordedModelPort } from '../../run';
import { ModelPort, HIT, STORED, REFUSED } from '../../run/cache-aside';
import { TTL_KEEP } from '../../trace';
import type { Rng } from '../../traffic';
import type { InfoSample } from './info';
import type { KeyCodec } from './keys';
import type { NamespaceDeletion } from './live-types';
import type { CommandPipe } from './pipe';
import type { ReplyListener, RespValue } from './resp-reply';
import { REPLY_BULK, REPLY_INTEGER, REPLY_LOST, REPLY_NIL, REPLY_ERROR, REPLY_STATUS } from './resp-reply';
import type { ValueSource } from './values';

const GET = 0;
const SET = 1;
const DEL = 2;
// A recorded replay's commands (sent as argv): PEXPIRE/PERSIST, DEL answering 1/0, SET … KEEPTTL.
const EXPIRE = 3;
const DEL_COUNTED = 4;
const SET_KEEPTTL = 5;
const OOM = 'OOM command not allowed when used memory > \'maxmemory\'.';

export class FakeRedis {
  /** The recorded replay's commands, when the model is a RecordedModelPort. */
  readonly recorded: RecordedModelPort | undefined;

  readonly model: ModelPort;
  /** The share of GETs answered with an error reply instead (not run on the keyspace). */
  readonly getErrorRate: number;

  /** `model`: the port the commands run on (a RecordedModelPort for a recorded replay's commands). */
  constructor(readonly cache: CacheModel, private readonly layout: KeyLayout, private readonly rng: Rng, private readonly maxDelayMs: number,
    options: { model?: ModelPort; getErrorRate?: number } = {}) {
    this.model = options.model ?? new ModelPort(cache, layout);
    this.getErrorRate = options.getErrorRate ?? 0;
    this.recorded = this.model instanceof RecordedModelPort ? this.model : undefined;
  }

  /** A random delay: none, a turn of the event loop, or a few ms. */
  later(run: () => void): void {
    const roll = this.rng.nextFloat();
    if (roll < 0.3) queueMicrotask(run);
    else if (roll < 0.6) setImmediate(run);
    else setTimeout(run, Math.floor(this.rng.nextFloat() * this.maxDelayMs));
  }

  /** Whether this GET fails (an error reply): drawn only where errors were asked for. */
  getFails(): boolean {
    return this.getErrorRate > 0 && this.rng.nextFloat() < this.getErrorRate;
  }

  /** How many commands one delivery answers (1 … 16). */
  batch(): number {
    return 1 + Math.floor(this.rng.nextFloat() * 16);
  }

  /** The control connection's SCAN + UNLINK of namespace `ns`, as the simulator deletes at `atMs`. */
  deleteNamespace(ns: number, atMs: number): Promise<NamespaceDeletion> {
    return new Promise((resolve) => this.later(() => {
      this.model.advance(atMs);
      const count = this.model.deletePattern(ns, atMs);
      resolve({ count, keyBytes: this.model.deletedKeyBytes });
    }));
  }

  info(): InfoSample {
    const stats = this.cache.stats;
    return {
      keyspaceHits: stats.hits, keyspaceMisses: stats.misses, evictedKeys: stats.evicted, expiredKeys: stats.expiredLazy + stats.expiredActive,
      usedMemory: stats.usedMemoryBytes, usedMemoryPeak: stats.usedMemoryBytes, memClientsNormal: 0, connectedClients: 2,
      keys: stats.keys, expires: stats.volatileKeys, keysAllDbs: stats.keys, runId: 'fake', uptimeSec: 1, version: 'fake', serverName: 'redis', maxmemory: 0, maxmemoryPolicy: '',
    };
  }

  pipe(listener: ReplyListener, clock: () => number): FakePipe {
    return new FakePipe(this, this.layout, listener, clock);
  }
}

export class FakePipe implements CommandPipe {
  replyText = '';
  replyArray: RespValue[] = [];
  peekVersion = 0;
  stampMs = 0;
  planMs = 0;
  bytesWritten = 0;
  bytesRead = 0;
  closed = false;
  closeError: Error | undefined;
  readonly oldestSentAtMs = Infinity;
  // Commands sent and not answered, in order: [kind, op, id, arg, planMs, size, ttlMs, sentAtMs].
  private readonly queue: number[][] = [];
  private delivering = false;

  constructor(private readonly server: FakeRedis, private readonly layout: KeyLayout, private readonly listener: ReplyListener,
    private readonly clock: () => number) {}

  get inFlight(): number {
    return this.queue.length;
  }

  get(op: number, id: number, arg: number, _keys: KeyCodec, _ns: number, _index: number): void {
    this.queue.push([GET, op, id, arg, this.planMs, 0, 0, this.stampMs]);
  }

  set(op: number, id: number, arg: number, _keys: KeyCodec, _ns: number, _index: number, _values: ValueSource, size: number, _version: number, ttlMs: number): void {
    this.queue.push([SET, op, id, arg, this.planMs, size, ttlMs, this.stampMs]);
  }

  del(op: number, id: number, arg: number, _keys: KeyCodec, _ns: number, _index: number): void {
    this.queue.push([DEL, op, id, arg, this.planMs, 0, 0, this.stampMs]);
  }

  /** A recorded replay's PEXPIRE (value size in `arg`), PERSIST, DEL and SET … KEEPTTL; anything else answers +OK. */
  command(op: number, id: number, arg: number, argv: ReadonlyArray<string | number | Buffer>): void {
    const name = String(argv[0]);
    let entry = [-1, op, id, arg, this.planMs, 0, 0, this.stampMs];
    if (name === 'PEXPIRE' || name === 'PERSIST') entry = [EXPIRE, op, id, arg, this.planMs, arg, name === 'PERSIST' ? 0 : Number(argv[2]), this.stampMs];
    else if (name === 'DEL') entry = [DEL_COUNTED, op, id, arg, this.planMs, 0, 0, this.stampMs];
    else if (name === 'SET' && argv[3] === 'KEEPTTL') entry = [SET_KEEPTTL, op, id, arg, this.planMs, (argv[2] as Buffer).length, TTL_KEEP, this.stampMs];
    this.queue.push(entry);
  }

  flush(): void {
    if (this.delivering || this.queue.length === 0) return;
    this.delivering = true;
    this.server.later(() => this.deliver());
  }

  /** The server gets to a random number of the oldest commands, applies and answers them in order. */
  private deliver(): void {
    this.delivering = false;
    if (this.closed) return;
    const count = this.server.batch();
    for (let i = 0; i < count && this.queue.length > 0; i++) {
      const [kind, op, id, arg, planMs, size, ttlMs, sentAt] = this.queue.shift() as number[];
      const model = this.server.model;
      let type = REPLY_STATUS;
      let value = 0;
      if (kind === GET && this.server.getFails()) {
        type = REPLY_ERROR;
        this.replyText = 'ERR injected failure';
      } else if (kind === GET) {
        const hit = model.get(id, planMs) === HIT;
        type = hit ? REPLY_BULK : REPLY_NIL;
        value = hit ? 1 : 0;
      } else if (kind === SET) {
        const stored = model.set(id, this.layout.keyBytes(id), size, ttlMs, arg, planMs) === STORED;
        type = stored ? REPLY_STATUS : REPLY_ERROR;
        this.replyText = stored ? '' : OOM;
      } else if (kind === DEL) {
        model.del(id, planMs);
        type = REPLY_INTEGER;
      } else if (kind >= EXPIRE) {
        [type, value] = this.recordedCommand(kind, id, arg, planMs, size, ttlMs);
      }
      this.listener.onReply(op, id, arg, type, value, sentAt, this.clock());
    }
    if (this.queue.length > 0) this.flush();
  }

  private recordedCommand(kind: number, id: number, arg: number, planMs: number, size: number, ttlMs: number): [number, number] {
    const recorded = this.server.recorded;
    if (!recorded) throw new Error('the fake Redis answers a recorded replay\'s commands on a RecordedModelPort only');
    const keyBytes = this.layout.keyBytes(id);
    let reply: number;
    if (kind === DEL_COUNTED) return [REPLY_INTEGER, recorded.flushKey(id, planMs)];
    if (kind === EXPIRE) {
      reply = recorded.expire(id, keyBytes, size, ttlMs, planMs);
      if (reply === NO_KEY) return [REPLY_INTEGER, 0];
    } else {
      reply = recorded.set(id, keyBytes, size, ttlMs, arg, planMs);
    }
    if (reply === REFUSED) {
      this.replyText = OOM;
      return [REPLY_ERROR, 0];
    }
    return [kind === EXPIRE ? REPLY_INTEGER : REPLY_STATUS, 1];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, op, id, arg, , , , sentAt] of this.queue.splice(0)) this.listener.onReply(op, id, arg, REPLY_LOST, 0, sentAt, this.clock());
  }

  destroy(error: Error): void {
    this.closeError = error;
    this.close();
  }

  onClose(): void {
    // The fake connection never drops by itself.
  }
}
