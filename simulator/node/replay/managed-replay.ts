/**
 * The connection of a live recorded replay (live-replay.ts) to a managed redis-server started with
 * the design's server settings: the data on the RESP pipeline, INFO on an ioredis client. Closing
 * stops the server (SIGKILL after its grace period).
 */
import { Redis } from 'ioredis';
import type { RunPlan } from '../../run';
import { LIVE_DEADLINES, startManagedRedis, withDeadline } from '../redis';
import { parseInfo } from '../live/info';
import { RespPipeline } from '../live/resp-pipeline';
import type { LiveReplayOptions, ReplayConnection } from './live-replay';
import { RECORDED_PREFIX } from './recorded-pipe-port';

export async function managedReplayConnection(plan: RunPlan, options: LiveReplayOptions): Promise<ReplayConnection> {
  const s = plan.server;
  const warnings: string[] = [];
  let policy: string = s.policy;
  if (policy === 'exact-lru') {
    policy = 'allkeys-lru';
    warnings.push('exact-lru is a simulator reference; the live server runs allkeys-lru');
  }
  const server = await startManagedRedis({
    binaryPath: options.binaryPath,
    settings: {
      maxmemory: s.maxmemoryBytes, 'maxmemory-policy': policy, 'maxmemory-samples': s.maxmemorySamples,
      'lfu-log-factor': s.lfuLogFactor, 'lfu-decay-time': s.lfuDecayTimeMin, hz: s.hz, 'active-expire-effort': s.activeExpireEffort,
    },
  });
  const describe = `the managed redis-server (pid ${server.pid}, ${server.host}:${server.port})`;
  const control = new Redis({
    host: server.host, port: server.port, maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false,
    commandTimeout: LIVE_DEADLINES.commandMs,
  });
  control.on('error', () => undefined);
  const close = async (): Promise<void> => {
    control.disconnect();
    await server.stop();
  };
  try {
    await withDeadline(control.ping(), LIVE_DEADLINES.commandMs, `PING on the managed redis-server (pid ${server.pid})`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    open: (listener) => RespPipeline.connect({ host: server.host, port: server.port, connectionName: 'keyspace-recorded-replay', clock: options.clock }, listener),
    info: async () => parseInfo(await withDeadline(control.info(), LIVE_DEADLINES.commandMs, `INFO on ${describe}`), 0),
    describe,
    departures: [
      `live: redis-server ${server.version}, keys under the prefix "${RECORDED_PREFIX}" in DB 0 (other DBs as ${RECORDED_PREFIX}db<N>:)`,
      'live: per-namespace evictions, expiries and memory are not available from INFO (0)',
    ],
    warnings,
    close,
  };
}
