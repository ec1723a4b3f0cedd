/**
 * Project files: open and save (atomically, refusing to replace a file unless told), the recent
 * list (files and presets), and one autosave slot per design with recovery after a crash or an
 * unsaved close. In browser mode every path is confined to the workspace directory.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { InputFileError, readInputText } from '../../simulator/node/input';
import { ServiceError } from './errors';
import { readJson, resolveUserPath, writeFileAtomic, writeJson } from './files';
import { NEW_PROJECT_TEXT } from './new-project';
import type { AutosavedDoc, ProjectDoc, RecentEntry, SaveResult } from '../common';

const RECENT_LIMIT = 12;
/** Autosave slots kept; the least recently written go first. */
export const AUTOSAVE_LIMIT = 20;

interface AutosaveRecord {
  key: string;
  path: string | null;
  presetId: string | null;
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
  private readonly autosaveDir: string;

  constructor(private readonly options: ProjectsOptions) {
    this.recentFile = join(options.dataDir, 'recent.json');
    this.autosaveDir = join(options.dataDir, 'autosave');
  }

  /** One file per slot, named by a hash of its key (a key may be any path). */
  private autosaveFile(key: string): string {
    return join(this.autosaveDir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }

  resolve(path: string, what = 'The project path'): string {
    return resolveUserPath(path, { root: this.options.root, base: this.options.base, what });
  }

  newProject(): ProjectDoc {
    return { path: null, presetId: null, name: projectName(NEW_PROJECT_TEXT, null), text: NEW_PROJECT_TEXT };
  }

  /** Reads the design at `given`; `remember` puts it first in the Recent list (opening, not peeking). */
  async open(given: string, remember = true): Promise<ProjectDoc> {
    const path = this.resolve(given);
    let text: string;
    try {
      text = readInputText(path, 'design');
    } catch (error) {
      if (error instanceof InputFileError) throw new ServiceError(/no such file/.test(error.reason) ? 'not-found' : 'bad-input', error.message);
      throw error;
    }
    const name = projectName(text, path);
    if (remember) await this.remember({ path, presetId: null, name });
    return { path, presetId: null, name, text };
  }

  /** Writes the design; an existing file is replaced only with `overwrite` (else `exists`, nothing written). */
  async save(given: string, text: string, overwrite = false): Promise<SaveResult> {
    const path = this.resolve(given);
    if (!overwrite && existsSync(path)) return { status: 'exists', path };
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new ServiceError('io', `${path}: cannot save (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    await this.remember({ path, presetId: null, name: projectName(text, path) });
    // What was autosaved is now on disk: nothing left to recover.
    const slot = this.autosaveFile(path);
    const autosaved = await readJson<AutosaveRecord | null>(slot, null);
    if (autosaved && autosaved.text === text) await rm(slot, { force: true });
    return { status: 'saved', path };
  }

  async recent(): Promise<RecentEntry[]> {
    // Entries written before presets were listed have no presetId.
    return (await readJson<RecentEntry[]>(this.recentFile, [])).map((entry) => ({ ...entry, presetId: entry.presetId ?? null }));
  }

  /** Puts a file or a preset first in the recent list. */
  async remember(entry: Omit<RecentEntry, 'openedAt'>): Promise<void> {
    const same = (other: RecentEntry) => (entry.path !== null ? other.path === entry.path : other.path === null && other.presetId === entry.presetId);
    const list = (await this.recent()).filter((other) => !same(other));
    list.unshift({ ...entry, openedAt: new Date(this.options.clock()).toISOString() });
    await writeJson(this.recentFile, list.slice(0, RECENT_LIMIT));
  }

  /** Writes the design's own slot (an empty text clears it); keeps the newest AUTOSAVE_LIMIT slots. */
  async autosave(key: string, text: string, given: string | null, presetId: string | null): Promise<void> {
    const file = this.autosaveFile(key);
    if (text === '') {
      await rm(file, { force: true });
      return;
    }
    // The path is confined like open/save: an autosave must not point recovery at any file.
    const path = given === null ? null : this.resolve(given);
    const record: AutosaveRecord = { key, path, presetId, text, savedAt: new Date(this.options.clock()).toISOString() };
    await writeJson(file, record);
    // Slots are read (to find the oldest) only when there are too many.
    const count = (await readdir(this.autosaveDir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).length;
    if (count <= AUTOSAVE_LIMIT) return;
    for (const old of (await this.autosaves()).slice(AUTOSAVE_LIMIT)) await rm(this.autosaveFile(old.key), { force: true });
  }

  /** Every autosave slot, newest first. */
  private async autosaves(): Promise<AutosaveRecord[]> {
    const names = await readdir(this.autosaveDir).catch(() => [] as string[]);
    const records = await Promise.all(names.filter((name) => name.endsWith('.json')).map((name) => readJson<AutosaveRecord | null>(join(this.autosaveDir, name), null)));
    return records
      .filter((record): record is AutosaveRecord => !!record && typeof record.text === 'string' && typeof record.key === 'string')
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** The record as a document, or null when it holds what its file holds already. */
  private unsaved(record: AutosaveRecord | null | undefined): AutosavedDoc | null {
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
    return {
      key: record.key, path: record.path, presetId: record.presetId ?? null, name: projectName(record.text, record.path), text: record.text, savedAt: record.savedAt,
    };
  }

  /**
   * The autosave of slot `key` (without a key: the newest slot) when it differs from what is saved
   * on disk (a crash or an unsaved close), else null.
   */
  async recover(key?: string): Promise<AutosavedDoc | null> {
    const record = key === undefined ? (await this.autosaves())[0] : await readJson<AutosaveRecord | null>(this.autosaveFile(key), null);
    return this.unsaved(record);
  }

  /** Every autosave that holds unsaved work, newest first, without its text. */
  async listAutosaves(): Promise<Array<Omit<AutosavedDoc, 'text'>>> {
    return (await this.autosaves()).map((record) => this.unsaved(record)).filter((doc) => doc !== null).map(({ text: _text, ...info }) => info);
  }
}
