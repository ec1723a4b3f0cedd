/**
 * What a live run asks of its server on the control connection, master by master: INFO (summed
 * over the masters) and a namespace's pattern delete (SCAN MATCH + UNLINK).
 */
import type { Redis } from 'ioredis';
import { withDeadline } from '../redis';
import type { InfoSample } from './info';
import { parseInfo } from './info';
import type { KeyCodec } from './keys';
import type { NamespaceDeletion } from './live-types';
import { CMD_SCAN, CMD_UNLINK } from './live-types';

/** INFO of every master, summed; fails after `timeoutMs`. */
export async function sampleInfo(nodes: Redis[], db: number, timeoutMs: number, description: string): Promise<InfoSample> {
  const samples = await withDeadline(Promise.all(nodes.map(async (node) => parseInfo(await node.info(), db))),
    timeoutMs, `INFO on ${description}`);
  if (samples.length === 0) throw new Error('no connection');
  if (samples.length === 1) return samples[0];
  const total = { ...samples[0] };
  for (const sample of samples.slice(1)) {
    total.keyspaceHits += sample.keyspaceHits;
    total.keyspaceMisses += sample.keyspaceMisses;
    total.evictedKeys += sample.evictedKeys;
    total.expiredKeys += sample.expiredKeys;
    total.usedMemory += sample.usedMemory;
    total.usedMemoryPeak += sample.usedMemoryPeak;
    total.memClientsNormal += sample.memClientsNormal;
    total.connectedClients += sample.connectedClients;
    total.keys += sample.keys;
    total.expires += sample.expires;
    total.keysAllDbs += sample.keysAllDbs;
    total.maxmemory += sample.maxmemory;
    total.runId += `,${sample.runId}`;
  }
  return total;
}

/** SCAN MATCH the namespace's glob on every master, keep exact matches, UNLINK them (one by one on a cluster). */
export async function deleteNamespace(nodes: Redis[], isCluster: boolean, keys: KeyCodec, ns: number, clock: () => number,
  time: (command: number, ms: number) => void): Promise<NamespaceDeletion> {
  const glob = keys.glob(ns);
  const matcher = keys.matcher(ns);
  let deleted = 0;
  let keyBytes = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      let started = clock();
      const [next, batch] = await node.scan(cursor, 'MATCH', glob, 'COUNT', 1000);
      time(CMD_SCAN, clock() - started);
      cursor = next;
      const own = batch.filter((key) => matcher.test(key));
      if (own.length === 0) continue;
      for (const key of own) keyBytes += Buffer.byteLength(key) - keys.prefix.length;
      started = clock();
      if (isCluster) {
        const pipeline = node.pipeline();
        for (const key of own) pipeline.unlink(key);
        for (const [error, count] of (await pipeline.exec()) ?? []) {
          if (error) throw error;
          deleted += Number(count);
        }
      } else {
        deleted += await node.unlink(...own);
      }
      time(CMD_UNLINK, clock() - started);
    } while (cursor !== '0');
  }
  return { count: deleted, keyBytes };
}
