/**
 * The rules of a live run against a server the workbench does not own (DESIGN.md, "Safety of
 * live runs"): write only under a run prefix, refuse a non-empty database unless told otherwise,
 * never FLUSHALL/FLUSHDB, restore every CONFIG it changed, delete its keys afterwards.
 */
import { Cluster, type Redis } from 'ioredis';
import { RedisTargetError } from './errors';

/** A standalone/sentinel client or a cluster client. */
export type AnyClient = Redis | Cluster;

// Commands that destroy or disturb data the run does not own, or the server itself. CONFIG SET
// goes through changeConfig() so it is recorded and restored; CONFIG GET is harmless.
const FORBIDDEN = new Map<string, string>([
  ['flushall', 'it would delete every key on the server'],
  ['flushdb', 'it would delete every key in the database'],
  ['swapdb', 'it would swap the database with another one'],
  ['shutdown', 'it would stop the server'],
  ['debug', 'it can crash, block or rewrite the server'],
  ['keys', 'it blocks the server while it walks the whole keyspace; the run uses SCAN'],
  ['move', 'it would move a key into another database'],
  ['migrate', 'it would move a key to another server'],
  ['replicaof', 'it would change the server’s replication'],
  ['slaveof', 'it would change the server’s replication'],
  ['failover', 'it would change the server’s replication'],
]);
const FORBIDDEN_SUBCOMMANDS = new Map<string, string>([
  ['config set', 'use changeConfig() so the old value is recorded and restored'],
  ['config rewrite', 'it would write the run’s settings into the server’s redis.conf'],
  ['config resetstat', 'it would reset the server’s statistics for everyone'],
  ['script flush', 'it would drop every cached script'],
  ['function flush', 'it would delete every function library'],
  ['cluster reset', 'it would remove the node from its cluster'],
  ['cluster flushslots', 'it would unassign the node’s slots'],
  ['client kill', 'it would disconnect other clients'],
]);

/** What a RunGuard needs. */
export interface RunGuardOptions {
  /** The run's id; letters, digits, `-` and `_` only. The prefix becomes `kw:<runId>:`. */
  runId: string;
  /** How to name the server in messages (see describeTarget). */
  target?: string;
}

interface ChangedSetting {
  client: Redis;
  name: string;
  oldValue: string;
}

/** Escapes glob metacharacters so a prefix matches itself in SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** The connections a command must reach: every master of a cluster, or the client itself. */
function nodesOf(client: AnyClient, role: 'master' | 'all'): Redis[] {
  return client instanceof Cluster ? client.nodes(role) : [client];
}

/** Guards one live run on one server (or cluster). */
export class RunGuard {
  /** Every key of the run starts with this (`kw:<runId>:`). */
  readonly prefix: string;
  private readonly target: string;
  private readonly changed: ChangedSetting[] = [];

  constructor(options: RunGuardOptions) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.runId)) {
      throw new RedisTargetError('config', `Run id "${options.runId}" may contain only letters, digits, "-" and "_" (1–64 characters).`);
    }
    this.prefix = `kw:${options.runId}:`;
    this.target = options.target ?? 'the server';
  }

  /** The full name of a run key. */
  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Throws a 'forbidden-command' error for FLUSHALL, FLUSHDB and the other destructive commands. */
  assertAllowed(commandName: string, args: ReadonlyArray<string | number | Buffer> = []): void {
    const name = commandName.toLowerCase();
    const reason = FORBIDDEN.get(name) ?? FORBIDDEN_SUBCOMMANDS.get(`${name} ${String(args[0] ?? '').toLowerCase()}`);
    if (reason) {
      const shown = FORBIDDEN.has(name) ? commandName.toUpperCase() : `${commandName} ${String(args[0])}`.toUpperCase();
      throw new RedisTargetError('forbidden-command', `A live run never sends ${shown} to ${this.target}: ${reason}.`);
    }
  }

  /** Sends a command after assertAllowed; the door for anything not covered by ioredis methods. */
  async command(client: AnyClient, name: string, ...args: Array<string | number | Buffer>): Promise<unknown> {
    this.assertAllowed(name, args);
    return client.call(name, ...args);
  }

  /**
   * Refuses a database that already holds keys unless `allowNonEmpty`; returns the key count
   * (summed over masters for a cluster).
   */
  async checkEmptyDb(client: AnyClient, allowNonEmpty: boolean): Promise<{ keys: number }> {
    const counts = await Promise.all(nodesOf(client, 'master').map((node) => node.dbsize()));
    const keys = counts.reduce((sum, count) => sum + count, 0);
    if (keys > 0 && !allowNonEmpty) {
      const db = client instanceof Cluster ? '' : ` (DB ${client.options.db ?? 0})`;
      throw new RedisTargetError('non-empty-db',
        `${this.target}${db} already holds ${keys} key${keys === 1 ? '' : 's'}. A live run refuses a non-empty database so it cannot disturb data it does not own: choose an empty database (e.g. redis://host:port/15), or allow it explicitly (the run then writes only under ${this.prefix} and deletes only those keys).`);
    }
    return { keys };
  }

  /**
   * CONFIG SET on the server (every node of a cluster), recording the value it replaced the
   * first time each setting changes, so restoreConfig() returns to the original.
   */
  async changeConfig(client: AnyClient, name: string, value: string | number): Promise<void> {
    for (const node of nodesOf(client, 'all')) {
      const reply = (await node.config('GET', name)) as string[];
      if (reply.length < 2) {
        throw new RedisTargetError('config', `${this.target} has no setting "${name}" (CONFIG GET returned nothing).`);
      }
      if (!this.changed.some((entry) => entry.client === node && entry.name === name)) {
        this.changed.push({ client: node, name, oldValue: String(reply[1]) });
      }
      await node.config('SET', name, String(value));
    }
  }

  /** The settings changed so far and the values they will be restored to. */
  changedSettings(): ReadonlyArray<{ name: string; oldValue: string }> {
    return this.changed.map(({ name, oldValue }) => ({ name, oldValue }));
  }

  /**
   * Puts back every changed setting, newest first. Tries them all even if some fail, then
   * throws one error listing the failures.
   */
  async restoreConfig(): Promise<void> {
    const failures: string[] = [];
    while (this.changed.length > 0) {
      const entry = this.changed.pop() as ChangedSetting;
      try {
        await entry.client.config('SET', entry.name, entry.oldValue);
      } catch (error) {
        failures.push(`${entry.name} ${JSON.stringify(entry.oldValue)}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) {
      throw new RedisTargetError('unknown', `Could not restore these settings on ${this.target}; set them back by hand (CONFIG SET):\n- ${failures.join('\n- ')}`);
    }
  }

  /**
   * Deletes every key under the prefix: SCAN MATCH prefix* COUNT 1000 and UNLINK, on every
   * master of a cluster. Keys outside the prefix are never touched. Returns how many were deleted.
   */
  async cleanup(client: AnyClient): Promise<number> {
    const pattern = `${escapeGlob(this.prefix)}*`;
    let deleted = 0;
    for (const node of nodesOf(client, 'master')) {
      // A connection with keyPrefix prefixes UNLINK's keys again (not SCAN's pattern), so SCAN's
      // full names lose that prefix first. (Cluster node connections carry none.)
      const clientPrefix = node.options.keyPrefix ?? '';
      if (!this.prefix.startsWith(clientPrefix)) {
        throw new RedisTargetError('config', `cleanup() needs a client whose keyPrefix is empty or a prefix of ${this.prefix}, not ${clientPrefix}.`);
      }
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        const own = keys.filter((key) => key.startsWith(this.prefix)).map((key) => key.slice(clientPrefix.length));
        if (own.length === 0) continue;
        // One UNLINK per key in a pipeline: in a cluster, keys of one batch span many slots.
        const pipeline = node.pipeline();
        for (const key of own) pipeline.unlink(key);
        const results = (await pipeline.exec()) ?? [];
        for (const [error, count] of results) {
          if (error) throw error;
          deleted += Number(count);
        }
      } while (cursor !== '0');
    }
    return deleted;
  }
}
