/**
 * The rules of a live run against a server the workbench does not own (DESIGN.md, "Safety of
 * live runs"): write only under a run prefix, refuse a non-empty database unless told otherwise,
 * never FLUSHALL/FLUSHDB, journal then restore every CONFIG it changed, delete its keys afterwards.
 */
import { Cluster, type Redis } from 'ioredis';
import { ConfigJournal, type JournalEntry } from './config-journal';
import { RedisTargetError } from './errors';
import { identifyNodes, type NodeIdentity } from './server-identity';

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
  /** Where original CONFIG values are written before they change (see config-journal.ts). */
  journal?: ConfigJournal;
  /** The DB the run writes in, for the journal (default 0). */
  db?: number;
}

interface ChangedSetting {
  client: Redis;
  name: string;
  oldValue: string;
}

/** The key prefix of a run: `kw:<run id>:`. */
export function runPrefix(runId: string): string {
  return `kw:${runId}:`;
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
  private readonly journal: ConfigJournal | undefined;
  private entry: JournalEntry | undefined;
  private identities: NodeIdentity[] = [];
  /** Originals journaled by other runs still going on the same server process: they win. */
  private readonly inherited = new Map<string, string>();
  private restoreFailed = false;
  private keysDeleted = false;

  constructor(private readonly options: RunGuardOptions) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.runId)) {
      throw new RedisTargetError('config', `Run id "${options.runId}" may contain only letters, digits, "-" and "_" (1–64 characters).`);
    }
    this.prefix = runPrefix(options.runId);
    this.target = options.target ?? 'the server';
    this.journal = options.journal;
  }

  /**
   * Journals the run (its prefix and DB; no setting yet) before it writes anything, so even a
   * killed run's keys can be found. A setting another run on the same server journaled and has
   * not restored yet keeps that run's original: a changed value is never taken as the original.
   */
  async begin(client: AnyClient): Promise<void> {
    if (!this.journal) return;
    this.identities = await identifyNodes(client);
    for (const other of this.journal.list().entries) {
      for (const node of other.nodes) {
        for (const [name, value] of Object.entries(node.originals)) {
          const key = `${node.serverRunId}|${name}`;
          if (node.serverRunId && !this.inherited.has(key)) this.inherited.set(key, value);
        }
      }
    }
    this.entry = ConfigJournal.entry({
      runId: this.options.runId, prefix: this.prefix, target: this.target, db: this.options.db ?? 0,
      nodes: this.identities.map(({ address, serverRunId }) => ({ address, serverRunId, originals: {} })),
    });
    this.journal.write(this.entry);
  }

  /** The journal file of this run, while it has one. */
  journalFile(): string | undefined {
    return this.entry && this.journal ? this.journal.fileOf(this.entry.runId) : undefined;
  }

  /** Writes the original of a setting into the journal entry, before the setting changes. */
  private async journalOriginal(node: Redis, name: string, current: string): Promise<string> {
    if (!this.entry || !this.journal) return current;
    let identity = this.identities.find((known) => known.node === node);
    if (!identity) {
      // A node that joined after begin() (a cluster failover): identify it now.
      identity = (await identifyNodes(node))[0];
      this.identities.push(identity);
      this.entry.nodes.push({ address: identity.address, serverRunId: identity.serverRunId, originals: {} });
    }
    const original = this.inherited.get(`${identity.serverRunId}|${name}`) ?? current;
    const journaled = this.entry.nodes.find((n) => n.address === identity.address && n.serverRunId === identity.serverRunId);
    if (journaled) journaled.originals[name] = original;
    this.journal.write(this.entry);
    return original;
  }

  /** Removes the journal entry once settings are restored and keys deleted; else keeps what is left to undo. */
  private settle(): void {
    if (!this.entry || !this.journal || this.restoreFailed) return;
    if (this.changed.length > 0) return;
    if (this.keysDeleted) {
      this.journal.remove(this.entry.runId);
      this.entry = undefined;
      return;
    }
    for (const node of this.entry.nodes) node.originals = {};
    this.journal.write(this.entry);
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
   * first time each setting changes (in the journal too, before the SET), so restoreConfig()
   * returns to the original.
   */
  async changeConfig(client: AnyClient, name: string, value: string | number): Promise<void> {
    for (const node of nodesOf(client, 'all')) {
      const reply = (await node.config('GET', name)) as string[];
      if (reply.length < 2) {
        throw new RedisTargetError('config', `${this.target} has no setting "${name}" (CONFIG GET returned nothing).`);
      }
      if (!this.changed.some((entry) => entry.client === node && entry.name === name)) {
        const oldValue = await this.journalOriginal(node, name, String(reply[1]));
        this.changed.push({ client: node, name, oldValue });
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
      this.restoreFailed = true;
      const file = this.journalFile();
      throw new RedisTargetError('unknown', `Could not restore these settings on ${this.target}; set them back by hand (CONFIG SET)${file ? ` or run keyspace cleanup (the originals are journaled in ${file})` : ''}:\n- ${failures.join('\n- ')}`);
    }
    this.settle();
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
    this.keysDeleted = true;
    this.settle();
    return deleted;
  }
}
