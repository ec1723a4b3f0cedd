/**
 * The end of a live run: what it opened is closed, newest first, and on a user's server its keys
 * are deleted and its CONFIG changes restored — all within one time budget (LIVE_DEADLINES:
 * 10 s in all; 5 s for the keys, 2 s for CONFIG, 1.5 s for pub/sub and for QUIT), so a server
 * that stopped answering cannot hang it. It returns a report (TeardownReport) that the result
 * assembler (run-outcome.ts) takes: what could not be cleaned is named in the result's error, with
 * the command that cleans it, and the result is partial.
 */
import type { Cluster, Redis } from 'ioredis';
import type { ManagedCluster, ManagedRedis, RedisErrorCode, RunGuard, TargetConnection } from '../redis';
import { classifyRedisError, LIVE_DEADLINES, TimeBudget } from '../redis';
import type { LivePubsub } from './live-pubsub';
import type { LiveRunDetails } from './live-types';
import type { CommandPipe } from './pipe';

/** What a run may have opened, and how to name the target. */
export interface RunResources {
  pipe?: CommandPipe;
  pubsub?: LivePubsub;
  dataClient?: Redis | Cluster;
  /** Set on a user's server only. */
  guard?: RunGuard;
  control?: TargetConnection;
  server?: ManagedRedis;
  cluster?: ManagedCluster;
  /** The target as named in messages. */
  description: string;
  /** The URL to give `keyspace cleanup --redis`, without its password. */
  url: string;
  db: number;
  /** Closes the keyspace-event watcher (idempotent): after the key cleanup, before CONFIG is restored. */
  closeWatch?: () => Promise<void>;
}

/** What the teardown did and could not do. */
export interface TeardownReport {
  /** The run's keys deleted (a user's server only; absent when not tried or failed). */
  keysDeleted?: number;
  /** The CONFIG values the run changed, as the guard recorded them (a user's server only). */
  configChanged?: LiveRunDetails['configChanged'];
  /** Whether those were restored (a user's server only). */
  configRestored?: boolean;
  warnings: string[];
  /** What may be left on the server, why, and how to clean it: the result becomes partial. */
  leftovers?: { code: RedisErrorCode; message: string };
}

/** Why something was left behind. */
interface Leftover {
  code: RedisErrorCode;
  reason: string;
}

function leftover(error: unknown, description: string): Leftover {
  const classified = classifyRedisError(error, { target: description, phase: 'command' });
  return { code: classified.code, reason: classified.message };
}

/** Closes and cleans up within `budget`; never throws, never waits past the budget's steps. */
export async function tearDown(parts: RunResources, budget = new TimeBudget(LIVE_DEADLINES.teardownMs)): Promise<TeardownReport> {
  const report: TeardownReport = { warnings: [] };
  parts.pipe?.close();
  const pubsub = parts.pubsub;
  if (pubsub) {
    try {
      await budget.step('Closing the pub/sub connections', LIVE_DEADLINES.closeMs, () => pubsub.close());
    } catch (error) {
      report.warnings.push(`Could not close the pub/sub connections cleanly: ${(error as Error).message}`);
    }
  }
  parts.dataClient?.disconnect();
  const { guard, control } = parts;
  let keysLeft: Leftover | undefined;
  let configLeft: Leftover | undefined;
  if (guard && control) {
    try {
      report.keysDeleted = await budget.step(`Deleting the run's keys (SCAN + UNLINK under ${guard.prefix}) on ${parts.description}`,
        LIVE_DEADLINES.cleanupMs, () => guard.cleanup(control.client));
    } catch (error) {
      keysLeft = leftover(error, parts.description);
    }
    await closeWatch(parts, budget);
    const changed = [...guard.changedSettings()];
    report.configChanged = changed;
    try {
      if (changed.length > 0) {
        await budget.step(`Restoring CONFIG on ${parts.description}`, LIVE_DEADLINES.restoreConfigMs, () => guard.restoreConfig());
      }
      report.configRestored = true;
    } catch (error) {
      report.configRestored = false;
      configLeft = leftover(error, parts.description);
    }
  }
  await closeWatch(parts, budget);
  if (control) {
    // QUIT, bounded; a connection that did not end is dropped either way.
    await budget.step(`QUIT on ${parts.description}`, LIVE_DEADLINES.closeMs, () => control.close()).catch(() => undefined);
    control.client.disconnect();
  }
  // Local processes: SIGTERM, then SIGKILL after their grace period (a stopped process too).
  await parts.server?.stop();
  await parts.cluster?.stop();
  if (keysLeft || configLeft) report.leftovers = leftovers(parts, report.configChanged ?? [], keysLeft, configLeft);
  return report;
}

async function closeWatch(parts: RunResources, budget: TimeBudget): Promise<void> {
  const close = parts.closeWatch;
  if (close) await budget.step('Closing the keyspace-event watcher', LIVE_DEADLINES.closeMs, close).catch(() => undefined);
}

/** What may be left, why, and how to clean it. */
function leftovers(parts: RunResources, configChanged: LiveRunDetails['configChanged'], keys: Leftover | undefined,
  config: Leftover | undefined): { code: RedisErrorCode; message: string } {
  const left: string[] = [];
  if (keys) left.push(`keys under ${parts.guard?.prefix ?? 'kw:<run id>:'} in DB ${parts.db} may remain (${keys.reason})`);
  if (config) {
    const settings = configChanged.map(({ name, oldValue }) => `${name} (was ${JSON.stringify(oldValue)})`).join(', ');
    left.push(`CONFIG values the run changed may not be restored to their original values: ${settings} (${config.reason})`);
  }
  const message = `The run could not clean up after itself on ${parts.description}: ${left.join('; ')}. Clean up with: keyspace cleanup --redis ${parts.url}`;
  return { code: (keys ?? config as Leftover).code, message };
}
