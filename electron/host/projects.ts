/**
 * Project files: open and save (atomically), the recent list, and autosave with recovery after a
 * crash. In browser mode every path is confined to the workspace directory.
 */
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { InputFileError, readInputText } from '../../simulator/node/input';
import { ServiceError } from './errors';
import { readJson, resolveUserPath, writeFileAtomic, writeJson } from './files';
import { NEW_PROJECT_TEXT } from './new-project';
import type { ProjectDoc, RecentEntry } from '../common';

const RECENT_LIMIT = 12;

interface AutosaveRecord {
  path: string | null;
  text: string;
  savedAt: string;
}

/** The design's `name:` if the text parses, else the file name. */
export function projectName(text: string, path: string | null): string {
  try {
    const doc: unknown = parse(text);
    const name = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).name : undefined;
    if (typeof name === 'string' && name.trim() !== '') return name.trim();
  } catch {
    // An unparsable design still has a file name.
  }
  return path ? basename(path) : 'Untitled design';
}

export interface ProjectsOptions {
  dataDir: string;
  /** Confinement root (browser mode). */
  root?: string;
  /** Base of relative paths when not confined. */
  base: string;
  clock: () => number;
}

export class Projects {
  private readonly recentFile: string;
  private readonly autosaveFile: string;

  constructor(private readonly options: ProjectsOptions) {
    this.recentFile = join(options.dataDir, 'recent.json');
    this.autosaveFile = join(options.dataDir, 'autosave.json');
  }

  resolve(path: string, what = 'The project path'): string {
    return resolveUserPath(path, { root: this.options.root, base: this.options.base, what });
  }

  newProject(): ProjectDoc {
    return { path: null, presetId: null, name: projectName(NEW_PROJECT_TEXT, null), text: NEW_PROJECT_TEXT };
  }

  async open(given: string): Promise<ProjectDoc> {
    const path = this.resolve(given);
    let text: string;
    try {
      text = readInputText(path, 'design');
    } catch (error) {
      if (error instanceof InputFileError) throw new ServiceError(/no such file/.test(error.reason) ? 'not-found' : 'bad-input', error.message);
      throw error;
    }
    const name = projectName(text, path);
    await this.remember(path, name);
    return { path, presetId: null, name, text };
  }

  async save(given: string, text: string): Promise<{ path: string }> {
    const path = this.resolve(given);
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new ServiceError('io', `${path}: cannot save (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    await this.remember(path, projectName(text, path));
    // What was autosaved is now on disk: nothing left to recover.
    const autosaved = await readJson<AutosaveRecord | null>(this.autosaveFile, null);
    if (autosaved && autosaved.text === text) await rm(this.autosaveFile, { force: true });
    return { path };
  }

  async recent(): Promise<RecentEntry[]> {
    return readJson<RecentEntry[]>(this.recentFile, []);
  }

  private async remember(path: string, name: string): Promise<void> {
    const list = (await this.recent()).filter((entry) => entry.path !== path);
    list.unshift({ path, name, openedAt: new Date(this.options.clock()).toISOString() });
    await writeJson(this.recentFile, list.slice(0, RECENT_LIMIT));
  }

  async autosave(text: string, given: string | null): Promise<void> {
    // The path is confined like open/save: an autosave must not point recovery at any file.
    const path = given === null ? null : this.resolve(given);
    const record: AutosaveRecord = { path, text, savedAt: new Date(this.options.clock()).toISOString() };
    await writeJson(this.autosaveFile, record);
  }

  /** The autosaved text when it differs from what is saved on disk (a crash or an unsaved close), else null. */
  async recover(): Promise<ProjectDoc | null> {
    const record = await readJson<AutosaveRecord | null>(this.autosaveFile, null);
    if (!record || typeof record.text !== 'string') return null;
    if (record.path !== null) {
      let onDisk: string | null = null;
      try {
        onDisk = readInputText(this.resolve(record.path), 'design');
      } catch {
        // Gone, moved out of the workspace, or not a design file any more: offer the autosave.
      }
      if (onDisk === record.text) return null;
    }
    return { path: record.path, presetId: null, name: projectName(record.text, record.path), text: record.text };
  }
}
