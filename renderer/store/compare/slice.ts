/**
 * Compare: which runs are put side by side, the "vary one parameter" form and its runs, and the
 * miss-ratio curve of the current design.
 */
import type { StateCreator } from 'zustand';
import type { MethodOutput } from '../../../electron/common';
import { variantSets } from '../../../simulator/model';
import { IDLE } from '../types';
import type { Loadable, Store } from '../types';

export type MissRatioCurve = MethodOutput<'missRatioCurve'>;

export interface VaryForm {
  /** A design field path as `--set` takes it: `server.maxmemory`, `ttlMatrix.product.prod.ttl`. */
  path: string;
  /** Comma-separated values: `16mb, 64mb, 256mb`. */
  values: string;
}

export interface CompareState {
  /** Run ids in the order they were picked; the first is the baseline of the deltas. */
  selected: string[];
  vary: VaryForm;
  varyError: string | null;
  curve: Loadable<MissRatioCurve>;
}

export interface CompareActions {
  toggleCompared(runId: string): void;
  setCompared(runIds: string[]): void;
  setVary(vary: Partial<VaryForm>): void;
  setVaryError(message: string | null): void;
  setCurve(curve: Loadable<MissRatioCurve>): void;
}

export type CompareSlice = CompareState & CompareActions;

export const initialCompare: CompareState = { selected: [], vary: { path: 'server.maxmemory', values: '' }, varyError: null, curve: IDLE };

export const createCompareSlice: StateCreator<Store, [], [], CompareSlice> = (set, get) => ({
  ...initialCompare,
  toggleCompared(runId) {
    const selected = get().selected;
    set({ selected: selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId] });
  },
  setCompared(runIds) {
    set({ selected: [...new Set(runIds)] });
  },
  setVary(vary) {
    set({ vary: { ...get().vary, ...vary }, varyError: null });
  },
  setVaryError(message) {
    set({ varyError: message });
  },
  setCurve(curve) {
    set({ curve });
  },
});

/** One run of "vary one parameter": its label (`path=value`) and its `--set`s. */
export interface VaryRun {
  label: string;
  set: string[];
}

/**
 * `server.maxmemory` + `16mb, 64mb` → one run per value, each with its `--set` (a TTL varied to
 * none also sets that cell's jitter to 0%); an error names what is missing.
 */
export function varySets(vary: VaryForm): { ok: true; runs: VaryRun[] } | { ok: false; error: string } {
  const path = vary.path.trim();
  if (!/^[A-Za-z$][\w$.-]*$/.test(path)) return { ok: false, error: 'Field path looks like server.maxmemory or ttlMatrix.product.prod.ttl' };
  const values = vary.values.split(',').map((value) => value.trim()).filter(Boolean);
  if (values.length < 2) return { ok: false, error: 'Give at least two values, separated by commas (e.g. 16mb, 64mb, 256mb)' };
  if (values.length > 12) return { ok: false, error: 'At most 12 values at once' };
  return { ok: true, runs: values.map((value) => ({ label: `${path}=${value}`, set: variantSets(path, value) })) };
}
