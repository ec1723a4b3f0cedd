/**
 * The live rate limiters' keys at the end of a run, as the server holds them: how many each
 * limiter has (SCAN over its pattern under the run prefix) and what MEMORY USAGE reports for them
 * (every key up to SAMPLE_KEYS, else the first SAMPLE_KEYS found, scaled to the count).
 */
import type { Redis } from 'ioredis';
import type { PlannedLimiter } from '../../ratelimit/planned';
import { KeyCodec } from './keys';

const SAMPLE_KEYS = 2000;

export interface MeasuredLimiterKeys {
  keys: number;
  maxUsage: number;
  meanUsage: number;
  /** The keys' MEMORY USAGE summed (estimated from the sample when there are more). */
  usedBytes: number;
}

export async function measureLimiterKeys(nodes: Redis[], prefix: string, limiters: ReadonlyArray<PlannedLimiter>): Promise<MeasuredLimiterKeys[]> {
  const codec = new KeyCodec(prefix, limiters.map((l) => l.pattern));
  const measured: MeasuredLimiterKeys[] = [];
  for (let i = 0; i < limiters.length; i++) {
    const matcher = codec.matcher(i);
    let keys = 0;
    const sample: Array<[Redis, string]> = [];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', codec.glob(i), 'COUNT', 1000);
        cursor = next;
        for (const key of found) {
          if (!matcher.test(key)) continue;
          keys++;
          if (sample.length < SAMPLE_KEYS) sample.push([node, key]);
        }
      } while (cursor !== '0');
    }
    let sum = 0;
    let max = 0;
    let sized = 0;
    for (const [node, key] of sample) {
      const usage = Number(await node.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      if (!Number.isFinite(usage) || usage <= 0) continue;
      sum += usage;
      max = Math.max(max, usage);
      sized++;
    }
    const mean = sized === 0 ? 0 : sum / sized;
    measured.push({ keys, maxUsage: max, meanUsage: Math.round(mean), usedBytes: Math.round(sized === keys ? sum : mean * keys) });
  }
  return measured;
}
