/**
 * The headline cards of a run, chosen by what the design has: cache cards for a cache, delivery
 * cards for channels (losses and drops first and marked bad when above zero), both for both.
 * Pure: the Run view turns the cards into <Metric>s; a final result and a running series alike.
 */
import type { RunResult, Snapshot } from '../../../simulator/run';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../../format';
import { pubsubOf, valueOf } from './series';

export type HeadlineKind = 'cache' | 'pubsub' | 'both';

export interface HeadlineCard {
  label: string;
  value: string;
  detail?: string;
  tone?: 'bad';
}

/** What the headline leads with: a design with channels and no cache traffic is pub/sub only. */
export function headlineKind(hasCache: boolean, hasPubsub: boolean): HeadlineKind {
  if (hasPubsub) return hasCache ? 'both' : 'pubsub';
  return 'cache';
}

/** Cumulative delivery counts: a result's, or summed over the windows of the snapshots so far. */
export interface DeliveryTotals {
  expected: number | null;
  delivered: number;
  dropped: number;
  lost: number;
  /** Fan-out latency p99: the whole run's, or the last window's while running. */
  p99Ms: number;
}

export function deliveryTotals(result: RunResult | null, snapshots: ReadonlyArray<Snapshot>, count: number): DeliveryTotals | null {
  const p = result?.pubsub;
  if (p) return { expected: p.expected, delivered: p.delivered, dropped: p.dropped, lost: p.lost, p99Ms: p.fanout.p99Ms };
  let found = false;
  const totals: DeliveryTotals = { expected: null, delivered: 0, dropped: 0, lost: 0, p99Ms: Number.NaN };
  for (let i = 0; i < count; i++) {
    const w = pubsubOf(snapshots[i]);
    if (!w) continue;
    found = true;
    totals.delivered += w.delivered;
    totals.dropped += w.dropped;
    totals.lost += w.lost;
    if (w.delivered > 0) totals.p99Ms = w.p99Ms;
  }
  return found ? totals : null;
}

function share(part: number, whole: number | null): string | undefined {
  return whole !== null && whole > 0 ? `${formatPercent(part / whole, 2)} of expected` : undefined;
}

/** Lost, dropped, delivered and fan-out p99: losses and drops lead, marked bad when above zero. */
export function pubsubCards(t: DeliveryTotals, final: boolean): HeadlineCard[] {
  const when = final ? undefined : 'so far';
  return [
    { label: 'Lost messages', value: formatCount(t.lost, true), detail: share(t.lost, t.expected) ?? when, ...(t.lost > 0 ? { tone: 'bad' as const } : {}) },
    { label: 'Dropped messages', value: formatCount(t.dropped, true), detail: share(t.dropped, t.expected) ?? when, ...(t.dropped > 0 ? { tone: 'bad' as const } : {}) },
    { label: 'Delivered', value: formatCount(t.delivered, true), detail: t.expected !== null ? `of ${formatCount(t.expected, true)} expected` : when },
    { label: 'Fan-out p99', value: formatMs(t.p99Ms), detail: final ? 'publish → client' : 'last window' },
  ];
}

/** The cache cards; with channels beside them (`both`), only the four that matter most. */
export function cacheCards(result: RunResult | null, latest: Snapshot | undefined, kind: HeadlineKind): HeadlineCard[] {
  const live = !result;
  const pick = (final: number | undefined, field: Parameters<typeof valueOf>[1]) => (result ? final ?? Number.NaN : valueOf(latest, field));
  const stale = pick(result?.cache.staleReads, 'staleReads');
  const cards: Array<HeadlineCard & { core?: boolean }> = [
    { label: 'Hit ratio', value: formatPercent(pick(result?.cache.hitRatio, 'cumulativeHitRatio')), detail: live ? 'since start' : 'final', core: true },
    { label: 'p95 latency', value: formatMs(pick(result?.latency.p95Ms, 'p95Ms')), detail: live ? 'last window' : 'final' },
    { label: 'p99 latency', value: formatMs(pick(result?.latency.p99Ms, 'p99Ms')), detail: live ? 'last window' : 'final', core: true },
    { label: 'Evicted keys', value: formatCount(pick(result?.cache.evictedKeys, 'evictedKeys'), true) },
    { label: 'Memory', value: formatBytes(pick(result?.cache.peakMemoryBytes, 'usedMemoryBytes')), detail: live ? 'used now' : 'peak', core: true },
    { label: 'Origin load', value: formatRate(result ? result.origin?.queriesPerSecMean : valueOf(latest, 'originQueriesPerSec')), detail: live ? 'last window' : 'mean' },
    { label: 'Stale reads', value: formatCount(stale, true), ...(stale > 0 ? { tone: 'bad' as const } : {}) },
    { label: 'Requests', value: formatCount(pick(result?.requests, 'requests'), true), core: true },
  ];
  if (kind === 'cache') return cards.map(({ core: _core, ...card }) => card);
  // Beside the delivery cards, "p99 latency" must not read as the fan-out's: name the cache.
  return cards.filter((c) => c.core).map(({ core: _core, label, ...card }) => ({ ...card, label: `Cache ${label.charAt(0).toLowerCase()}${label.slice(1)}` }));
}

/** Every headline card of the run, in order: delivery first when the design has channels. */
export function headlineCards(kind: HeadlineKind, result: RunResult | null, snapshots: ReadonlyArray<Snapshot>, count: number): HeadlineCard[] {
  const latest = count > 0 ? snapshots[count - 1] : undefined;
  const cache = kind === 'pubsub' ? [] : cacheCards(result, latest, kind);
  if (kind === 'cache') return cache;
  const totals = deliveryTotals(result, snapshots, count);
  const pubsub = pubsubCards(totals ?? { expected: null, delivered: Number.NaN, dropped: Number.NaN, lost: Number.NaN, p99Ms: Number.NaN }, !!result);
  return [...pubsub, ...cache];
}
