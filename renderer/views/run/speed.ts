/** The speed a live run used (its `live.speed`, resolved by simulator/run/time-scale.ts), in words. */
import type { RunResult } from '../../../simulator/run';
import { formatSpeed } from '../../../simulator/run/time-scale';
import { formatMs } from '../../format';

/** The factor a live run's plan was sped up by, 'max' when unpaced, null for a simulated run. */
export function liveSpeedOf(result: RunResult): number | 'max' | null {
  const speed = (result as RunResult & { live?: { speed?: unknown } }).live?.speed;
  return speed === 'max' || typeof speed === 'number' ? speed : null;
}

/** "10× faster", "as written (1×)", "max (unpaced)". */
export function speedWords(speed: number | 'max'): string {
  if (speed === 'max') return 'max (unpaced)';
  return speed === 1 ? 'as written (1×)' : `${formatSpeed(speed)} faster`;
}

/** "10× faster", "as written (1×)", "max (unpaced)", or null for a simulated run. */
export function speedLabel(result: RunResult): string | null {
  const speed = liveSpeedOf(result);
  return speed === null ? null : speedWords(speed);
}

/** A line for runs compared side by side whose timelines differ (a live run sped up), else null. */
export function speedMismatch(results: ReadonlyArray<{ label: string; result: RunResult }>): string | null {
  const factors = results.map((r) => ({ label: r.label, speed: liveSpeedOf(r.result) ?? 1 }));
  if (factors.every((f) => f.speed === factors[0].speed)) return null;
  const named = factors.filter((f) => f.speed !== 1).map((f) => `${f.label} ran ${f.speed === 'max' ? 'unpaced (max)' : `${formatSpeed(f.speed)} faster`}`);
  return `Different timelines: ${named.join('; ')}. Durations, latencies and rates of a sped-up run are on its faster timeline; hit ratios and counts compare as they are.`;
}

/** A namespace's TTL as the design wrote it; a sped-up live run divided it, so say that too. */
export function ttlText(ttlMs: number | null, speed: number | 'max' | null): string {
  if (ttlMs === null) return 'none (no expiry)';
  if (ttlMs <= 0) return 'not cached';
  if (typeof speed !== 'number' || speed === 1) return formatMs(ttlMs);
  return `${formatMs(Math.round(ttlMs * speed))} (ran as ${formatMs(ttlMs)}, at ${formatSpeed(speed)} speed)`;
}
