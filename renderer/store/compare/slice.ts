/**
 * Compare: which runs are put side by side, the "vary one parameter" form and its runs, and the
 * miss-ratio curve of the current design.
 */
import type { StateCreator } from 'zustand';
import type { EngineChoice, MethodInput, MethodOutput } from '../../../electron/common';
import { variantSets } from '../../../simulator/model';
import { parseSpeed } from '../../../simulator/run/time-scale';
import { runOptionProblems } from '../runs/options';
import { IDLE } from '../types';
import type { Loadable, Store } from '../types';

export type MissRatioCurve = MethodOutput<'missRatioCurve'>;

export interface VaryForm {
  /** A design field path as `--set` takes it: `server.maxmemory`, `ttlMatrix.product.prod.ttl`. */
  path: string;
  /** Comma-separated values: `16mb, 64mb, 256mb`. */
  values: string;
}

/**
 * What the runs of a vary run with, set in the Compare view itself (never the Run view's settings):
 * empty seed and budget are the design's own, as `keyspace run --vary` without flags.
 */
export interface VarySettings {
  /** Not a saved connection, nor a container (whose image is a Run-view setting). */
  engine: Exclude<EngineChoice, 'connection' | 'container'>;
  /** Empty: the design's defaultEnvironment. */
  environment: string;
  seed: string;
  requests: string;
  /** Live and fidelity engines: 'auto', a factor or 'max'. */
  speed: string;
}

export const DEFAULT_VARY_SETTINGS: VarySettings = { engine: 'sim', environment: '', seed: '', requests: '', speed: 'auto' };

export interface CompareState {
  /** Run ids in the order they were picked; the first is the baseline of the deltas. */
  selected: string[];
  vary: VaryForm;
  varyError: string | null;
  varySettings: VarySettings;
  curve: Loadable<MissRatioCurve>;
  /** Miss-ratio curves of the compared runs' own designs, by design key (see designKeyOf). */
  runCurves: Record<string, Loadable<MissRatioCurve>>;
}

export interface CompareActions {
  toggleCompared(runId: string): void;
  setCompared(runIds: string[]): void;
  setVary(vary: Partial<VaryForm>): void;
  setVaryError(message: string | null): void;
  setVarySettings(settings: Partial<VarySettings>): void;
  setRunCurve(key: string, curve: Loadable<MissRatioCurve>): void;
  setCurve(curve: Loadable<MissRatioCurve>): void;
}

export type CompareSlice = CompareState & CompareActions;

export const initialCompare: CompareState = {
  selected: [], vary: { path: 'server.maxmemory', values: '' }, varyError: null, varySettings: DEFAULT_VARY_SETTINGS, curve: IDLE, runCurves: {},
};

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
  setVarySettings(settings) {
    set({ varySettings: { ...get().varySettings, ...settings }, varyError: null });
  },
  setRunCurve(key, curve) {
    set({ runCurves: { ...get().runCurves, [key]: curve } });
  },
  setCurve(curve) {
    set({ curve });
  },
});

/** The settings part of each vary run's startRun input, or what is wrong with the typed numbers. */
export function varyRunInput(settings: VarySettings): { ok: true; input: Partial<MethodInput<'startRun'>> } | { ok: false; error: string } {
  const problems = runOptionProblems(settings);
  if (problems.seed || problems.requests) return { ok: false, error: [problems.seed, problems.requests].filter(Boolean).join(' ') };
  const input: Partial<MethodInput<'startRun'>> = { engine: settings.engine };
  if (settings.environment.trim() !== '') input.environment = settings.environment.trim();
  if (settings.seed.trim() !== '') input.seed = Number(settings.seed.trim());
  if (settings.requests.trim() !== '') input.requests = Number(settings.requests.trim());
  const speed = settings.engine === 'sim' ? null : parseSpeed(settings.speed);
  if (speed !== null) input.speed = speed;
  return { ok: true, input };
}

/** Values of one vary: each is a run, queued on the host (which lets one person have 20 waiting). */
export const MAX_VARY_VALUES = 20;

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
  if (values.length > MAX_VARY_VALUES) return { ok: false, error: `At most ${MAX_VARY_VALUES} values at once (as many runs as one person may have waiting)` };
  return { ok: true, runs: values.map((value) => ({ label: `${path}=${value}`, set: variantSets(path, value) })) };
}
