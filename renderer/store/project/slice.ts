/**
 * The project: the design text (the single source of truth every form and the YAML view edit),
 * what it parses to, its problems, where it lives and whether it changed since it was saved.
 */
import { isMap, parseDocument } from 'yaml';
import type { StateCreator } from 'zustand';
import type { MethodOutput, PresetInfo, ProjectDoc, RecentEntry } from '../../../electron/common';
import { loadDesign } from '../../../simulator/model';
import type { Design, DesignError } from '../../../simulator/model';
import type { EditResult } from '../../yaml/edit';
import type { EditChange } from '../edits/slice';
import { IDLE } from '../types';
import type { Loadable, Store } from '../types';

/** The design as written (before defaults), for forms: a wrong value shows as typed, with its error. */
export type RawDesign = Record<string, unknown>;

/** An autosave holding unsaved work, as the Start view lists it (no text). */
export type AutosaveEntry = MethodOutput<'listAutosaves'>[number];

export interface ProjectState {
  /** False until a design is opened (the Start view shows). */
  open: boolean;
  text: string;
  /** Text as last saved or opened; `dirty` is text !== savedText. */
  savedText: string;
  raw: RawDesign | null;
  /** The validated design, or null while the text has errors. */
  design: Design | null;
  /** The last design that validated: charts and the slot map keep working while a user types. */
  lastValidDesign: Design | null;
  errors: DesignError[];
  path: string | null;
  presetId: string | null;
  /** Names an unsaved design without a path or preset (its autosave slot); given by the caller. */
  draftId: string | null;
  name: string;
  presets: Loadable<PresetInfo[]>;
  recent: Loadable<RecentEntry[]>;
  autosaves: Loadable<AutosaveEntry[]>;
}

export interface ProjectActions {
  /** Opens a document with a new edit history; `unsaved` marks it dirty (a dropped file, a recovered autosave). */
  openDoc(doc: ProjectDoc, options?: { unsaved?: boolean; draftId?: string }): void;
  /** Changes the text as one undo step (`change` says how; default: one edit). */
  setText(text: string, change?: EditChange): void;
  /** Applies a form edit (a text transformation) as one undo step; returns it so the form can show a refusal. */
  editText(edit: (text: string) => EditResult, label?: string): EditResult;
  /** Sets the text without recording a step (undo and redo themselves). */
  replaceText(text: string): void;
  markSaved(path: string, text: string): void;
  closeProject(): void;
  setPresets(presets: Loadable<PresetInfo[]>): void;
  setRecent(recent: Loadable<RecentEntry[]>): void;
  setAutosaves(autosaves: Loadable<AutosaveEntry[]>): void;
}

export type ProjectSlice = ProjectState & ProjectActions;

export const initialProject: ProjectState = {
  open: false, text: '', savedText: '', raw: null, design: null, lastValidDesign: null, errors: [],
  path: null, presetId: null, draftId: null, name: '', presets: IDLE, recent: IDLE, autosaves: IDLE,
};

/** Parses and validates text: what the forms, the problems list and the charts need. */
export function analyse(text: string, lastValid: Design | null): Pick<ProjectState, 'raw' | 'design' | 'lastValidDesign' | 'errors'> {
  const loaded = loadDesign(text);
  let raw: RawDesign | null = null;
  const document = loaded.ok ? loaded.document : parseDocument(text, { uniqueKeys: false });
  if (document.errors.length === 0 && isMap(document.contents)) raw = document.toJS({ maxAliasCount: 100 }) as RawDesign;
  if (loaded.ok) return { raw, design: loaded.design, lastValidDesign: loaded.design, errors: [] };
  return { raw, design: null, lastValidDesign: lastValid, errors: loaded.errors };
}

export const createProjectSlice: StateCreator<Store, [], [], ProjectSlice> = (set, get) => ({
  ...initialProject,
  openDoc(doc, options = {}) {
    set({
      open: true, text: doc.text, savedText: options.unsaved ? '' : doc.text, path: doc.path, presetId: doc.presetId,
      draftId: options.draftId ?? null, name: doc.name, ...analyse(doc.text, null),
    });
    get().clearEdits();
  },
  setText(text, change = { kind: 'edit', label: 'edit' }) {
    const before = get().text;
    if (text === before) return;
    get().recordEdit(before, change);
    get().replaceText(text);
  },
  editText(edit, label = 'form edit') {
    const result = edit(get().text);
    if (result.ok) get().setText(result.text, { kind: 'edit', label });
    return result;
  },
  replaceText(text) {
    if (text === get().text) return;
    set({ text, ...analyse(text, get().lastValidDesign) });
  },
  markSaved(path, text) {
    set({ path, savedText: text });
  },
  closeProject() {
    set({ ...initialProject, presets: get().presets, recent: get().recent, autosaves: get().autosaves });
    get().clearEdits();
  },
  setPresets(presets) {
    set({ presets });
  },
  setRecent(recent) {
    set({ recent });
  },
  setAutosaves(autosaves) {
    set({ autosaves });
  },
});
