/** Named selectors of the project slice. */
import type { Store } from '../types';

export const selectProjectOpen = (s: Store) => s.open;
export const selectText = (s: Store) => s.text;
export const selectRaw = (s: Store) => s.raw;
export const selectDesign = (s: Store) => s.design;
export const selectLastValidDesign = (s: Store) => s.lastValidDesign;
export const selectErrors = (s: Store) => s.errors;
export const selectDirty = (s: Store) => s.open && s.text !== s.savedText;
export const selectProjectName = (s: Store) => s.name;
export const selectProjectPath = (s: Store) => s.path;
export const selectPresets = (s: Store) => s.presets;
export const selectRecent = (s: Store) => s.recent;
export const selectAutosaves = (s: Store) => s.autosaves;

/** Problems at or under a field path (e.g. `namespaces[0].pattern`), for a form field. */
export function errorsAt<T extends { path: string }>(errors: readonly T[], prefix: string): T[] {
  return errors.filter((error) => error.path === prefix || error.path.startsWith(`${prefix}.`) || error.path.startsWith(`${prefix}[`));
}

/** The environments of the design as written (falls back to the schema's default). */
export function environmentsOf(raw: Record<string, unknown> | null): string[] {
  const envs = raw?.environments;
  return Array.isArray(envs) && envs.every((e) => typeof e === 'string') ? (envs as string[]) : ['dev', 'staging', 'prod'];
}

/** The open design's autosave slot: its file, else its preset, else its draft id (null when closed). */
export function selectAutosaveKey(s: Store): string | null {
  if (!s.open) return null;
  if (s.path) return s.path;
  if (s.presetId) return `preset:${s.presetId}`;
  return s.draftId ? `draft:${s.draftId}` : null;
}
