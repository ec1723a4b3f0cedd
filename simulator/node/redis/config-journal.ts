/**
 * The CONFIG journal (DESIGN.md, "Safety of live runs"): before a live run changes a setting on a
 * server it did not start, the original value is written to disk, so a run killed before it could
 * restore (SIGKILL, a crash, a power cut) can be undone by the next run or by `keyspace cleanup`.
 *
 * One JSON file per run, `<data dir>/config-journal/<run id>.json`, written atomically (a temp
 * file renamed over it) and removed once the run restored its settings and deleted its keys. An
 * entry names the server nodes (address and Redis `run_id`, which changes when a server
 * restarts), the DB and key prefix of the run, and the process that wrote it (pid and host), so
 * the entry of a run that is still going is never undone.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from '../data-dir';
import { isProcessAlive, processStartTicks } from './processes';

const NodeEntrySchema = z.object({
  /** `host:port` or the unix socket path the run reached the node at. */
  address: z.string().min(1),
  /** The node's INFO run_id when the run started: another value means the server restarted. */
  serverRunId: z.string(),
  /** Setting name → the value it had before the run changed it. */
  originals: z.record(z.string(), z.string()),
}).strict();

export const JournalEntrySchema = z.object({
  version: z.literal(1),
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** Every key of the run starts with this. */
  prefix: z.string().min(1),
  /** The server as named in messages (no password). */
  target: z.string(),
  db: z.number().int().min(0),
  pid: z.number().int().positive(),
  /** When that pid started (Linux), so a pid reused by another process is not taken for the run. */
  pidStartTicks: z.string().optional(),
  hostname: z.string(),
  startedAt: z.string(),
  nodes: z.array(NodeEntrySchema).min(1),
}).strict();

/** One run's journal entry. */
export type JournalEntry = z.output<typeof JournalEntrySchema>;
/** One node of an entry. */
export type JournalNode = JournalEntry['nodes'][number];

/** The journal's folder under the per-user data directory (KEYSPACE_DATA_DIR moves it). */
export function journalDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'config-journal');
}

/** The journal of one user: reads, writes and removes entries. */
export class ConfigJournal {
  constructor(readonly dir: string) {}

  static forEnv(env: NodeJS.ProcessEnv = process.env): ConfigJournal {
    return new ConfigJournal(journalDir(env));
  }

  /** The file of a run's entry. */
  fileOf(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }

  /** A new entry for this process. */
  static entry(fields: Pick<JournalEntry, 'runId' | 'prefix' | 'target' | 'db' | 'nodes'>): JournalEntry {
    const pidStartTicks = processStartTicks(process.pid);
    return { version: 1, ...fields, pid: process.pid, ...(pidStartTicks ? { pidStartTicks } : {}), hostname: hostname(), startedAt: new Date().toISOString() };
  }

  /** Writes an entry atomically: readers see the old file or the new one, never half of one. */
  write(entry: JournalEntry): void {
    const file = this.fileOf(entry.runId);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(temp, `${JSON.stringify(entry, null, 1)}\n`, { mode: 0o600 });
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new Error(`Could not write the CONFIG journal ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the run changes no setting it cannot journal. Make the directory writable or point KEYSPACE_DATA_DIR elsewhere.`, { cause: error });
    }
  }

  remove(runId: string): void {
    rmSync(this.fileOf(runId), { force: true });
  }

  /** Every readable entry, and one line per file that is not a valid entry (left in place). */
  list(): { entries: JournalEntry[]; problems: string[] } {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
      throw error;
    }
    const entries: JournalEntry[] = [];
    const problems: string[] = [];
    for (const name of names.sort()) {
      const file = join(this.dir, name);
      try {
        const parsed = JournalEntrySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (parsed.success) entries.push(parsed.data);
        else problems.push(`${file}: not a CONFIG journal entry (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); left in place`);
      } catch (error) {
        problems.push(`${file}: unreadable (${(error as Error).message}); left in place`);
      }
    }
    return { entries, problems };
  }
}

/** Whether the process that wrote an entry on this host still runs (the same process, not a reused pid). */
export function writerIsAlive(entry: Pick<JournalEntry, 'pid' | 'pidStartTicks'>): boolean {
  if (!isProcessAlive(entry.pid)) return false;
  if (entry.pidStartTicks === undefined) return true;
  const now = processStartTicks(entry.pid);
  return now === undefined || now === entry.pidStartTicks;
}
