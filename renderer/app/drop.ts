/** What a dropped or picked file is: a design (YAML) or recorded traffic (anything else). */
export type DroppedKind = 'design' | 'trace';

export function classifyFile(fileName: string): DroppedKind {
  return /\.ya?ml$/i.test(fileName) ? 'design' : 'trace';
}

/** The last part of a path, for labels (`/a/b/keys.txt` → `keys.txt`). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** Traces above this are refused in the page (the host takes at most 64 MB per upload). */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;
/** Designs above this are not designs (the loader's own limit). */
export const MAX_DESIGN_FILE_BYTES = 2 * 1024 * 1024;
