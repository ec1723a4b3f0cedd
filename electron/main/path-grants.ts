/**
 * Which file paths the renderer may name over IPC in the desktop app. A compromised renderer must
 * not read or write any file it likes: a path is accepted only when the person chose it in a
 * native dialog (open, save as, open trace, export folder), when it is one of their recent files,
 * or when it lies inside the app's own folders (the documents workspace, the data directory).
 * Pure, so it is tested without Electron; main.ts grants what its dialogs return.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { WorkbenchMethod } from '../common';

/** The path-carrying inputs of the contract: method → how to read its paths. */
const PATHS_OF: Partial<Record<WorkbenchMethod, (input: Record<string, unknown>) => Array<string | null | undefined>>> = {
  openProject: (input) => [input.path as string],
  readProject: (input) => [input.path as string],
  saveProject: (input) => [input.path as string],
  autosave: (input) => [input.path as string | null],
  startRun: (input) => [input.tracePath as string | undefined],
  saveExport: (input) => [input.directory as string],
};

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export class PathGrants {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  /** @param roots folders whose files are always allowed (workspace, data directory). */
  constructor(private readonly roots: readonly string[], private readonly recent: () => Promise<readonly string[]>) {}

  /** A file the person picked in a dialog. */
  grantFile(path: string): void {
    this.files.add(resolve(path));
  }

  /** A folder the person picked (an export target): it and its files. */
  grantFolder(path: string): void {
    this.folders.add(resolve(path));
  }

  /**
   * Null when every path the call names is allowed, else the refusal. A path that is allowed once
   * stays allowed (a file opened from the recent list can be saved back).
   */
  async check(method: WorkbenchMethod, input: unknown): Promise<string | null> {
    const pathsOf = PATHS_OF[method];
    if (!pathsOf || input === null || typeof input !== 'object') return null;
    for (const given of pathsOf(input as Record<string, unknown>)) {
      if (given === null || given === undefined || given === '') continue;
      if (typeof given !== 'string' || !isAbsolute(given)) return `${method}: ${String(given)} is not an absolute path chosen in a dialog`;
      const path = resolve(given);
      if (this.files.has(path) || [...this.folders, ...this.roots].some((folder) => inside(resolve(folder), path))) continue;
      if ((await this.recent()).some((entry) => resolve(entry) === path)) {
        this.files.add(path);
        continue;
      }
      return `${method}: ${path} was not chosen in a dialog, is not a recent file and is not inside the workspace; open or save it through the File menu`;
    }
    return null;
  }
}
