/**
 * Live stats of a managed server for the Servers panel: INFO of each master, summed (memory,
 * maxmemory, clients, ops/s, keys), read on one connection per master that the panel's polls share.
 */
import { Redis } from 'ioredis';
import { parseInfo, parseInfoFields } from '../../simulator/node/live/info';
import type { ManagedServerStats } from '../common';
import { messageOf } from './errors';

export type StatsNumbers = Omit<ManagedServerStats, 'id' | 'error'>;

/** How long one INFO may take before the server is reported as not answering. */
const INFO_TIMEOUT_MS = 1500;

/**
 * The stats of one server from the INFO text of each master: memory, maxmemory, clients (less the
 * one stats connection per master), ops/s and keys summed; uptime the youngest master's.
 */
export function statsOfInfo(texts: readonly string[]): StatsNumbers {
  const total: StatsNumbers = { masters: texts.length, usedMemoryBytes: 0, maxmemoryBytes: 0, clients: 0, opsPerSec: 0, keys: 0, uptimeSec: 0 };
  texts.forEach((text, i) => {
    const sample = parseInfo(text, 0);
    const ops = Number(parseInfoFields(text).get('instantaneous_ops_per_sec'));
    total.usedMemoryBytes += sample.usedMemory;
    total.maxmemoryBytes += sample.maxmemory;
    total.clients += Math.max(0, sample.connectedClients - 1);
    total.opsPerSec += Number.isFinite(ops) ? ops : 0;
    total.keys += sample.keysAllDbs;
    total.uptimeSec = i === 0 ? sample.uptimeSec : Math.min(total.uptimeSec, sample.uptimeSec);
  });
  return total;
}

/** The masters of one managed server, each on its own connection (opened on first read). */
export class StatsReader {
  private clients: Redis[] | null = null;

  constructor(private readonly masters: ReadonlyArray<{ host: string; port: number }>) {}

  async read(id: string): Promise<ManagedServerStats> {
    this.clients ??= this.masters.map(({ host, port }) => {
      const client = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: true, connectTimeout: INFO_TIMEOUT_MS, retryStrategy: () => null, connectionName: 'keyspace-workbench-stats' });
      client.on('error', () => undefined);
      return client;
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`INFO took over ${INFO_TIMEOUT_MS} ms`)), INFO_TIMEOUT_MS); });
      const texts = await Promise.race([Promise.all(this.clients.map(async (client) => {
        if (client.status === 'wait' || client.status === 'end') await client.connect();
        return client.info();
      })), timeout]);
      return { id, ...statsOfInfo(texts), error: null };
    } catch (error) {
      // A broken connection is opened again on the next read.
      this.close();
      return { id, ...statsOfInfo([]), masters: this.masters.length, error: `The server did not answer INFO: ${messageOf(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    for (const client of this.clients ?? []) client.disconnect();
    this.clients = null;
  }
}
