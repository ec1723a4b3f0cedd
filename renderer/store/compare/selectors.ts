/** Named selectors of the compare slice, and how compared runs group by design. */
import type { RunSummary } from '../../../electron/common';
import type { Loadable, Store } from '../types';
import type { MissRatioCurve } from './slice';

export const selectCompared = (s: Store) => s.selected;
export const selectVary = (s: Store) => s.vary;
export const selectVaryError = (s: Store) => s.varyError;
export const selectVarySettings = (s: Store) => s.varySettings;
export const selectCurve = (s: Store) => s.curve;
export const selectRunCurves = (s: Store) => s.runCurves;

/** Which design a run ran: its design hash (after its overrides), or the run itself when it has none. */
export function designKeyOf(run: Pick<RunSummary, 'runId' | 'provenance'>): string {
  return run.provenance?.designHash ?? `run:${run.runId}`;
}

export type ComparedStatus = { status: 'queued'; place: number | null } | { status: 'running' } | { status: 'ended' } | { status: 'unknown' };

/**
 * A compared run's state as the Compare view shows it: waiting (with its place in line once the host
 * told it), running, or ended (its record then holds the result).
 */
export function comparedStatus(s: Pick<Store, 'ended' | 'queuePosition' | 'history'>, runId: string): ComparedStatus {
  if (s.ended[runId]) return { status: 'ended' };
  const place = s.queuePosition[runId];
  const summary = s.history.status === 'ready' ? s.history.value.find((run) => run.runId === runId) : undefined;
  if (place !== undefined && place > 0) return { status: 'queued', place };
  if (!summary) return { status: 'unknown' };
  if (summary.status === 'queued') return place === 0 ? { status: 'running' } : { status: 'queued', place: null };
  return summary.status === 'running' ? { status: 'running' } : { status: 'ended' };
}

/** Compared runs still waiting or running: what "Cancel all" stops. */
export function selectGoingCompared(s: Store): string[] {
  return s.selected.filter((runId) => {
    const state = comparedStatus(s, runId).status;
    return state === 'queued' || state === 'running';
  });
}

export interface CurveGroup {
  /** Design keys drawn on this curve (several when their curves are the same). */
  keys: string[];
  /** The run whose design the curve is computed from. */
  runId: string;
  designName: string;
  /** The runs marked on this curve. */
  runs: Array<{ runId: string; label: string }>;
  curve: Loadable<MissRatioCurve>;
}

/**
 * One curve per distinct design among the compared runs, each run on its own design's curve; designs
 * whose curves came out identical (maxmemory varied: the curve spans sizes, it does not move)
 * share one chart, with every run's marker.
 */
export function curveGroups(
  runs: ReadonlyArray<Pick<RunSummary, 'runId' | 'label' | 'designName' | 'provenance'>>,
  curves: Readonly<Record<string, Loadable<MissRatioCurve>>>,
): CurveGroup[] {
  const byKey = new Map<string, CurveGroup>();
  for (const run of runs) {
    const key = designKeyOf(run);
    const group = byKey.get(key) ?? { keys: [key], runId: run.runId, designName: run.designName, runs: [], curve: curves[key] ?? { status: 'idle' } };
    group.runs.push({ runId: run.runId, label: run.label });
    byKey.set(key, group);
  }
  const merged: CurveGroup[] = [];
  for (const group of byKey.values()) {
    const same = group.curve.status === 'ready' ? merged.find((m) => m.curve.status === 'ready' && sameCurve(m.curve.value, (group.curve as { value: MissRatioCurve }).value)) : undefined;
    if (same) {
      same.keys.push(...group.keys);
      same.runs.push(...group.runs);
      if (same.designName !== group.designName && !same.designName.includes(group.designName)) same.designName = `${same.designName}, ${group.designName}`;
    } else {
      merged.push({ ...group, keys: [...group.keys], runs: [...group.runs] });
    }
  }
  return merged;
}

function sameCurve(a: MissRatioCurve, b: MissRatioCurve): boolean {
  return a.policy === b.policy && a.workingSetBytes === b.workingSetBytes && a.points.length === b.points.length
    && a.points.every((p, i) => p.maxmemoryBytes === b.points[i].maxmemoryBytes && p.hitRatio === b.points[i].hitRatio);
}
