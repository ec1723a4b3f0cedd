/**
 * The Compare area's tab and the design diff's choices: which design each side shows, the seed and
 * budget "Run both" uses, and the pair of runs it started — kept while the person edits elsewhere.
 */
import type { StateCreator } from 'zustand';
import type { DiffSourceId } from '../../design/design-diff';
import type { Store } from '../types';

export type CompareTab = 'runs' | 'diff';

export interface DiffSideChoice {
  source: DiffSourceId;
  /** The path being typed for `file`, and the one last read. */
  draft: string;
  path: string;
}

/** The two runs "Run both" started, and the texts they ran (their deltas stand for exactly these). */
export interface DiffPair {
  a: string;
  b: string;
  textA: string;
  textB: string;
}

export interface DiffState {
  compareTab: CompareTab;
  diffSides: { a: DiffSideChoice; b: DiffSideChoice };
  /** As typed: empty means each design's own seed / all its phases. */
  diffSettings: { seed: string; requests: string };
  diffPair: DiffPair | null;
}

export interface DiffActions {
  setCompareTab(tab: CompareTab): void;
  setDiffSide(which: 'a' | 'b', side: DiffSideChoice): void;
  setDiffSettings(settings: Partial<DiffState['diffSettings']>): void;
  setDiffPair(pair: DiffPair | null): void;
}

export type DiffSlice = DiffState & DiffActions;

export const initialDiff: DiffState = {
  compareTab: 'runs',
  diffSides: { a: { source: 'saved', draft: '', path: '' }, b: { source: 'open', draft: '', path: '' } },
  diffSettings: { seed: '1', requests: '20000' },
  diffPair: null,
};

export const createDiffSlice: StateCreator<Store, [], [], DiffSlice> = (set, get) => ({
  ...initialDiff,
  setCompareTab(compareTab) {
    set({ compareTab });
  },
  setDiffSide(which, side) {
    set({ diffSides: { ...get().diffSides, [which]: side } });
  },
  setDiffSettings(settings) {
    set({ diffSettings: { ...get().diffSettings, ...settings } });
  },
  setDiffPair(diffPair) {
    set({ diffPair });
  },
});
