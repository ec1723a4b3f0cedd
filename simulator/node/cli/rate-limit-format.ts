/** The limiter table `keyspace run` prints when the design has rate limiters. */
import type { RunResult } from '../../run';
import { bytes, count, printable, table } from './format';

type Limiters = NonNullable<RunResult['rateLimits']>;

/**
 * One row per limiter: its decisions against the exact sliding window (over-admitted, wrongly
 * refused; the abusive clients' share in brackets), its keys' memory and what it sent to Redis.
 */
export function rateLimitTable(limiters: Limiters): string {
  const rows = [['limiter', 'algorithm', 'admitted', 'refused', 'exact', 'over-admitted (abusive)', 'wrongly refused (abusive)', 'keys', 'memory', 'per key', 'evicted', 'reset by eviction', 'cmds/req', 'bytes/req']];
  for (const l of limiters) {
    const perRequest = (value: number): string => (l.requests === 0 ? '0' : (value / l.requests).toFixed(2));
    rows.push([
      printable(l.name), l.algorithm, count(l.admitted), count(l.refused), count(l.exactAdmitted),
      `${count(l.overAdmitted)} (${count(l.abusive.overAdmitted)})`, `${count(l.wronglyRefused)} (${count(l.abusive.wronglyRefused)})`,
      count(l.keys), bytes(l.usedMemoryBytes), `${l.meanKeyMemoryUsageBytes} B`, count(l.evictedKeys), count(l.evictionResets),
      perRequest(l.commands), perRequest(l.bytesSent + l.bytesReceived),
    ]);
  }
  return table(rows);
}
