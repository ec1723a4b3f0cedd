/** Named selectors of the diff slice. */
import type { Store } from '../types';

export const selectCompareTab = (s: Store) => s.compareTab;
export const selectDiffSides = (s: Store) => s.diffSides;
export const selectDiffSettings = (s: Store) => s.diffSettings;
export const selectDiffPair = (s: Store) => s.diffPair;
