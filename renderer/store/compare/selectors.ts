/** Named selectors of the compare slice. */
import type { Store } from '../types';

export const selectCompared = (s: Store) => s.selected;
export const selectVary = (s: Store) => s.vary;
export const selectVaryError = (s: Store) => s.varyError;
export const selectCurve = (s: Store) => s.curve;
