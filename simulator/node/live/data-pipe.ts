/**
 * The data connection of a live run: the fast RESP pipeline (resp-pipeline.ts) on a standalone or
 * unix-socket target, otherwise an auto-pipelining ioredis client (ioredis-pipe.ts), cluster or not.
 */
import { Cluster, Redis } from 'ioredis';
import type { PasswordEnv, Target } from '../redis';
import { buildClusterOptions, buildRedisOptions, checkClusterHealth, loadTls, resolvePassword, withDeadline } from '../redis';
import { IoredisPipe } from './ioredis-pipe';
import type { CommandPipe } from './pipe';
import type { ReplyListener, RespPipelineOptions } from './resp-pipeline';
import { RespPipeline } from './resp-pipeline';

export interface DataPipeOptions {
  /** The RESP pipeline where the target allows it; ioredis otherwise. */
  useResp: boolean;
  passwords: PasswordEnv | undefined;
  clock: () => number;
  description: string;
  commandTimeoutMs: number;
}

/** An open data pipe, and the ioredis client under it (to disconnect) when it is not the RESP one. */
export interface DataPipe {
  pipe: CommandPipe;
  client?: Redis | Cluster;
}

export async function openDataPipe(target: Target, listener: ReplyListener, options: DataPipeOptions): Promise<DataPipe> {
  const password = resolvePassword(target, options.passwords);
  if (options.useResp && (target.kind === 'standalone' || target.kind === 'unix')) {
    const tls = target.kind === 'standalone' && target.tls ? await loadTls(target.tls) : undefined;
    const respOptions: RespPipelineOptions = {
      ...(target.kind === 'unix' ? { path: target.path } : { host: target.host, port: target.port }),
      tls: tls ? { ...tls, servername: tls.servername ?? (target.kind === 'standalone' ? target.host : undefined) } : undefined,
      username: target.username,
      password,
      db: target.db,
      connectionName: 'keyspace-live-replay',
      connectTimeoutMs: target.connectTimeoutMs,
      clock: options.clock,
    };
    return { pipe: await RespPipeline.connect(respOptions, listener) };
  }
  const secrets = {
    password,
    tls: target.kind !== 'unix' && target.tls ? await loadTls(target.tls) : undefined,
  };
  const extras = { connectionName: 'keyspace-live-replay', commandTimeoutMs: options.commandTimeoutMs };
  const client = target.kind === 'cluster'
    ? new Cluster(target.nodes.map(({ host, port }) => ({ host, port })), { ...buildClusterOptions(target, secrets, extras), enableAutoPipelining: true })
    : new Redis({ ...buildRedisOptions(target, secrets, extras), enableAutoPipelining: true });
  client.on('error', () => undefined);
  try {
    // connect() waits for the ready check, which a stalled server never answers; and a
    // Cluster's connect() never settles when that check fails (see connectTarget).
    await withDeadline(client.connect(), target.connectTimeoutMs + options.commandTimeoutMs, `Connecting to ${options.description}`);
    // A cluster that lost a master still connects; its slots would fail command by command.
    if (client instanceof Cluster) await checkClusterHealth(client, options.description, options.commandTimeoutMs);
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return { pipe: new IoredisPipe(client, listener, options.clock, options.description), client };
}
