/**
 * How a live run uses the keyspace watcher (keyspace-events.ts): turning notifications on (through
 * the caller, so a user's server gets its value back), opening the subscribers, the error that
 * stops a run whose server evicted keys of others, and the per-namespace counts on the result.
 */
import { Cluster, type Redis } from 'ioredis';
import { RedisTargetError, type RunGuard } from '../redis';
import { KeyspaceWatcher, mergeNotifyFlags } from './keyspace-events';

/** The departure named when the watcher could not run (its counts read 0). */
export const UNWATCHED_DEPARTURE = 'Per-namespace evictions and expiries were not measured on this run (keyspace notifications could not be enabled or subscribed to; see the warnings): they read 0. Per-namespace memory and keys are never measured live.';

export interface WatchOptions {
  /** Masters: where notifications are read from and the subscribers connect to. */
  nodes: Redis[];
  /** Sets notify-keyspace-events on every node (through RunGuard.changeConfig on a user's server). */
  setNotifyFlags: (value: string) => Promise<void>;
  db: number;
  prefix: string;
  patterns: readonly string[];
  description: string;
  /** The server holds keys of others that its policy may evict: without a watcher the run does not go. */
  required: boolean;
  /** The person accepted the eviction risk: a missing watcher is then only a warning. */
  allowEvictionRisk: boolean;
  /** Stops the run (first foreign eviction, or a required watcher lost). */
  onStop: (error: RedisTargetError) => void;
}

export interface Watch {
  watcher: KeyspaceWatcher | null;
  warnings: string[];
}

/**
 * CONFIG SET notify-keyspace-events on every node: through the guard on a user's server (recorded
 * and restored afterwards), directly on a managed one (it is discarded after the run).
 */
export function notifyFlagsSetter(client: Redis | Cluster, guard: RunGuard | undefined): (value: string) => Promise<void> {
  return async (value) => {
    if (guard) {
      await guard.changeConfig(client, 'notify-keyspace-events', value);
      return;
    }
    for (const node of client instanceof Cluster ? client.nodes('all') : [client]) await node.config('SET', 'notify-keyspace-events', value);
  };
}

/** Enables the notifications and opens the watcher; throws when a required watcher cannot run. */
export async function startWatch(options: WatchOptions): Promise<Watch> {
  const warnings: string[] = [];
  let watcher: KeyspaceWatcher | null = null;
  try {
    const current = (await options.nodes[0].config('GET', 'notify-keyspace-events')) as string[];
    const merged = mergeNotifyFlags(current[1] ?? '');
    if (merged !== null) await options.setNotifyFlags(merged);
    watcher = new KeyspaceWatcher({
      nodes: options.nodes,
      db: options.db,
      prefix: options.prefix,
      patterns: options.patterns,
      onForeignEviction: () => options.onStop(foreignEvictionError(watcher as KeyspaceWatcher, options.description)),
      onLost: (message) => {
        warnings.push(message);
        if (options.required) {
          options.onStop(new RedisTargetError('disconnected', `${message} The run stopped: it can no longer see whether ${options.description} evicts keys the run does not own.`));
        }
      },
    });
    await watcher.open();
    return { watcher, warnings };
  } catch (error) {
    await watcher?.close(0);
    const cause = (error as Error).message;
    if (options.required && !options.allowEvictionRisk) {
      throw new RedisTargetError('foreign-eviction-risk',
        `Refusing to run on ${options.description}: it holds keys of others that its maxmemory policy may evict, and the run cannot watch evictions (${cause}). Enable keyevent notifications for evicted and expired keys on the server (notify-keyspace-events with E, e and x) and allow PSUBSCRIBE for this user, or use an empty or dedicated server, or a managed one (--managed), or accept the risk with --allow-eviction-risk (allowEvictionRisk on a saved connection).`,
        { cause: error });
    }
    warnings.push(`Keyspace notifications are not available on ${options.description} (${cause}): per-namespace evictions and expiries read 0${options.required ? ', and evictions of keys the run does not own would go unnoticed (risk accepted)' : ''}.`);
    return { watcher: null, warnings };
  }
}

/** The error of a run during which the server evicted keys the run does not own. */
export function foreignEvictionError(watcher: KeyspaceWatcher, description: string): RedisTargetError {
  const count = watcher.foreignEvicted;
  const names = watcher.foreignNames.map((name) => JSON.stringify(name)).join(', ');
  return new RedisTargetError('foreign-eviction',
    `The run stopped: ${description} evicted ${count} key${count === 1 ? '' : 's'} the run did not write (${watcher.describeForeign()}; e.g. ${names}) as its used_memory reached maxmemory. Those keys are gone from Redis: reload them from their source. The run's own keys were deleted. To avoid it: run on an empty or dedicated server, or a managed one (--managed), raise maxmemory, or shrink the design.`);
}

/** Per-namespace evictions and expiries as the watcher counted them (null: no watcher). */
export interface NamespaceEvents {
  evicted: number[];
  expired: number[];
}

/** The watcher's per-namespace counts now (copies: it keeps counting until it closes). */
export function namespaceEventsOf(watch: Watch | undefined): NamespaceEvents | null {
  const watcher = watch?.watcher;
  return watcher ? { evicted: [...watcher.evicted], expired: [...watcher.expired] } : null;
}

/** What the watcher says at its close: its warnings and the keys of others the server evicted. */
export interface WatchEnd {
  warnings: string[];
  foreignEvicted: number;
  /** The error naming the foreign evictions (replaces the one raised at the first). */
  error?: RedisTargetError;
}

export function watchEnd(watch: Watch, description: string): WatchEnd {
  const watcher = watch.watcher;
  const foreignEvicted = watcher?.foreignEvicted ?? 0;
  return {
    warnings: [...watch.warnings],
    foreignEvicted,
    ...(watcher && foreignEvicted > 0 ? { error: foreignEvictionError(watcher, description) } : {}),
  };
}
