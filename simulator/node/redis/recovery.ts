/**
 * Undoing what killed runs left on a server, from the CONFIG journal: the settings they changed go
 * back to their journaled originals and the keys under their prefixes are deleted. Run by every
 * live run on a user's server before it looks at the server, and by `keyspace cleanup`.
 *
 * An entry is undone only when the process that wrote it is gone (same host, pid not running): a
 * run that is still going keeps its settings and keys. On a server that restarted since (another
 * INFO run_id at the journaled address) the settings are already the server's own again, so only
 * the leftover keys are deleted.
 */
import { hostname } from 'node:os';
import { Cluster, type Redis } from 'ioredis';
import { writerIsAlive, type ConfigJournal, type JournalEntry } from './config-journal';
import { RunGuard, type AnyClient } from './safety';
import { identifyNodes, type NodeIdentity } from './server-identity';

export interface RecoveryOptions {
  journal: ConfigJournal;
  /** Whether the process that wrote an entry on this host still runs (default writerIsAlive). */
  isAlive?: (entry: JournalEntry) => boolean;
  /** This host's name (default os.hostname()). */
  host?: string;
}

/** What one recovery did. */
export interface RecoveryReport {
  /** One line per run undone or left alone, for warnings and the cleanup command. */
  lines: string[];
  /** Settings put back, per run. */
  restored: Array<{ runId: string; settings: Record<string, string> }>;
  deletedKeys: number;
  /** Entries that matched the server but were left alone (runs still going, other hosts). */
  leftAlone: number;
  /** Entries that could not be fully undone (kept for the next try). */
  failed: number;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function listSettings(settings: Record<string, string>): string {
  // An empty original (notify-keyspace-events is "" by default) is shown as "", not as nothing.
  const parts = Object.entries(settings).map(([name, value]) => `${name} ${value === '' ? '""' : value}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The connection that sees the entry's DB: the client itself, or a copy selecting that DB. */
async function inDb(client: AnyClient, db: number): Promise<{ client: AnyClient; close: () => void }> {
  if (client instanceof Cluster || (client.options.db ?? 0) === db) return { client, close: () => undefined };
  const copy = client.duplicate({ db, connectionName: 'keyspace-cleanup', lazyConnect: true });
  copy.on('error', () => undefined);
  try {
    await copy.connect();
  } catch (error) {
    copy.disconnect();
    throw error;
  }
  return { client: copy, close: () => copy.disconnect() };
}

/** Restores the journaled settings of dead runs on this server and deletes their leftover keys. */
export async function recoverLeftovers(client: AnyClient, options: RecoveryOptions): Promise<RecoveryReport> {
  const report: RecoveryReport = { lines: [], restored: [], deletedKeys: 0, leftAlone: 0, failed: 0 };
  const { entries, problems } = options.journal.list();
  report.lines.push(...problems);
  if (entries.length === 0) return report;
  const nodes = await identifyNodes(client);
  const isAlive = options.isAlive ?? writerIsAlive;
  const host = options.host ?? hostname();
  for (const entry of entries) {
    const matches = entry.nodes.map((journaled) => ({
      journaled,
      live: nodes.find((n) => n.serverRunId !== '' && n.serverRunId === journaled.serverRunId)
        ?? nodes.find((n) => n.address === journaled.address),
    })).filter((m): m is { journaled: JournalEntry['nodes'][number]; live: NodeIdentity } => m.live !== undefined);
    if (matches.length === 0) continue;
    const who = `run ${entry.prefix}… (pid ${entry.pid}${entry.hostname === host ? '' : ` on ${entry.hostname}`}`;
    if (entry.hostname !== host) {
      report.leftAlone++;
      report.lines.push(`left alone what ${who}) journaled: it ran on another host, which alone can tell whether it still runs; delete ${options.journal.fileOf(entry.runId)} once it is gone, then run keyspace cleanup again`);
      continue;
    }
    if (isAlive(entry)) {
      report.leftAlone++;
      report.lines.push(`left alone the settings and keys of ${who}, still running)`);
      continue;
    }
    try {
      const restored: Record<string, string> = {};
      let restarted = false;
      for (const { journaled, live } of matches) {
        if (live.serverRunId !== journaled.serverRunId) {
          restarted ||= Object.keys(journaled.originals).length > 0;
          continue;
        }
        for (const [name, value] of Object.entries(journaled.originals)) {
          await (live.node as Redis).config('SET', name, value);
          restored[name] = value;
        }
      }
      // Settings go back first: they are what a later run would otherwise take for the originals.
      options.journal.write({ ...entry, nodes: entry.nodes.map((n) => ({ ...n, originals: {} })) });
      const target = await inDb(client, entry.db);
      let deleted: number;
      try {
        deleted = await new RunGuard({ runId: entry.runId, target: entry.target }).cleanup(target.client);
      } finally {
        target.close();
      }
      options.journal.remove(entry.runId);
      report.deletedKeys += deleted;
      if (Object.keys(restored).length > 0) report.restored.push({ runId: entry.runId, settings: restored });
      const did = [
        Object.keys(restored).length > 0 ? `restored ${listSettings(restored)}` : '',
        restarted ? 'found the server restarted since (its settings are its own again)' : '',
      ].filter(Boolean).join(' and ');
      report.lines.push(`${did ? `${did} left by` : 'cleaned up after'} ${who}, no longer running), deleted ${count(deleted)} leftover key${deleted === 1 ? '' : 's'}${entry.db !== 0 ? ` in DB ${entry.db}` : ''}`);
    } catch (error) {
      report.failed++;
      report.lines.push(`could not undo what ${who}, no longer running) left: ${(error as Error).message}; the journal entry ${options.journal.fileOf(entry.runId)} is kept for the next try`);
    }
  }
  return report;
}
