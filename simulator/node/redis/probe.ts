/**
 * One readiness probe of a local server: connect, PING, and read its pid from INFO so a caller
 * can tell its own server from a stranger that happens to hold the same port.
 */
import { Redis } from 'ioredis';

/** The outcome of one probe. */
export type ProbeResult = { ok: true; processId: number } | { ok: false; error: string };

/** Where to probe. TLS is not verified: the probe only targets servers we just started. */
export interface ProbeTarget {
  host: string;
  port: number;
  path?: string;
  tls?: boolean;
  password?: string;
  timeoutMs?: number;
}

/** Connects once (no retries, nothing queued), PINGs, reads `process_id`, disconnects. */
export async function probeRedis(target: ProbeTarget): Promise<ProbeResult> {
  const client = new Redis({
    ...(target.path ? { path: target.path } : { host: target.host, port: target.port }),
    tls: target.tls ? { rejectUnauthorized: false } : undefined,
    password: target.password,
    lazyConnect: true,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: target.timeoutMs ?? 1000,
    disableClientInfo: true,
  });
  // Without a listener ioredis prints every refused attempt as an unhandled error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    const info = await client.info('server');
    const match = /^process_id:(\d+)/m.exec(info);
    return match ? { ok: true, processId: Number(match[1]) } : { ok: false, error: 'INFO server has no process_id' };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    client.disconnect();
  }
}
