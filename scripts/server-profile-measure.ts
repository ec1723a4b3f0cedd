/**
 * Measures a real server on the profile memory cases: shared by the recorder
 * (record-server-profile.ts) and the fidelity suite (fidelity-servers.ts).
 */
import { Redis } from 'ioredis';
import { caseCommands, caseKey, MEMORY_CASES } from '../simulator/cache/profiles/memory-cases';
import type { MeasuredCase, MemoryCase } from '../simulator/cache/profiles/memory-cases';
import { parseInfoFields } from '../simulator/node/live/info';
import { startManagedRedis } from '../simulator/node/redis';

export interface ServerMemoryMeasurement {
  server: { name: string; version: string; binary: string };
  startup: { usedMemoryStartup: number; usedMemoryIdle: number };
  cases: MeasuredCase[];
}

/**
 * used_memory less the clients' buffers (mem_clients_normal), which grow and shrink with the
 * pipelines, after a pause in which serverCron finishes the main dict's incremental rehash.
 */
async function keyspaceMemory(client: Redis): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const fields = parseInfoFields(await client.info('memory'));
  return Number(fields.get('used_memory')) - Number(fields.get('mem_clients_normal'));
}

/** Writes keys 0 … count − 1 of a case, 100 keys a pipeline. */
async function writeKeys(client: Redis, memoryCase: MemoryCase, count: number): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    const pipeline = client.pipeline();
    for (let index = start; index < Math.min(count, start + 100); index++) {
      for (const command of caseCommands(memoryCase, index)) pipeline.call(command[0], ...command.slice(1));
    }
    await pipeline.exec();
  }
}

/** Starts `binary`, builds every memory case (or those given) on it (one at a time, FLUSHALL SYNC between) and stops it. */
export async function measureServerMemory(binary: string, memoryCases: readonly MemoryCase[] = MEMORY_CASES): Promise<ServerMemoryMeasurement> {
  const server = await startManagedRedis({ binaryPath: binary, settings: { 'lazyfree-lazy-user-flush': 'no' } });
  const client = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    // The full INFO on a connection of its own: its reply grows that client's buffers, which
    // serverCron would shrink in the middle of a measurement.
    const probe = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await probe.connect();
    const info = parseInfoFields(await probe.info());
    await probe.quit();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.connect();
    const name = info.get('server_name') ?? (info.has('valkey_version') ? 'valkey' : 'redis');
    const version = info.get('valkey_version') ?? info.get('redis_version') ?? '';
    const startup = { usedMemoryStartup: Number(info.get('used_memory_startup')), usedMemoryIdle: Number(info.get('used_memory')) };
    const cases: MeasuredCase[] = [];
    for (const memoryCase of memoryCases) {
      await client.call('FLUSHALL', 'SYNC');
      // Warm the commands (their latency histograms) and the reply path before the baseline.
      await client.call('MEMORY', 'USAGE', 'none', 'SAMPLES', '0');
      await client.call('OBJECT', 'ENCODING', 'none').catch(() => null);
      // …and the connection's buffers, by a first pipeline like the measured ones.
      await writeKeys(client, memoryCase, Math.min(100, memoryCase.keys));
      await client.call('FLUSHALL', 'SYNC');
      const before = await keyspaceMemory(client);
      await writeKeys(client, memoryCase, memoryCase.keys);
      const after = await keyspaceMemory(client);
      const usages: number[] = [];
      for (let index = 0; index < Math.min(50, memoryCase.keys); index++) {
        usages.push(Number(await client.call('MEMORY', 'USAGE', caseKey(memoryCase, index), 'SAMPLES', '0')));
      }
      const encoding = String(await client.call('OBJECT', 'ENCODING', caseKey(memoryCase, 0)));
      cases.push({
        id: memoryCase.id, encoding, memoryUsage: usages[0],
        memoryUsageMean: usages.reduce((sum, value) => sum + value, 0) / usages.length,
        usedMemoryDelta: after - before, keys: memoryCase.keys,
      });
    }
    return { server: { name, version, binary }, startup, cases };
  } finally {
    client.disconnect();
    await server.stop();
  }
}
