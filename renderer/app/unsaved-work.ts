/**
 * Never lose a person's work: before anything replaces a design with unsaved changes the person
 * chooses Save, Discard or Cancel; each design autosaves into its own slot on the host (its path,
 * its preset or its draft id), and reopening a design offers what was autosaved and never saved.
 */
import type { AutosavedDoc, ProjectDoc } from '../../electron/common';
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import { selectAutosaveKey, selectDirty } from '../store/project/selectors';
import { messageOf } from './messages';

export type DiscardChoice = 'save' | 'discard' | 'cancel';

export interface UnsavedWorkDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  /** Saves to the design's own path; false when it failed. */
  save: () => Promise<boolean>;
  /** Shows a design (the commands' own open: new history, Design view). */
  open: (doc: ProjectDoc, unsaved: boolean, draftId?: string) => void;
  toast: (kind: 'info' | 'success' | 'error', message: string) => void;
}

export type UnsavedWork = ReturnType<typeof createUnsavedWork>;

export function createUnsavedWork({ api, store, save, open, toast }: UnsavedWorkDeps) {
  const state = () => store.getState();
  /** What waits for the person's answer to the prompt. */
  let waiting: (() => Promise<void>) | null = null;
  /** What waits for Save As to finish (Save was chosen for a design without a file). */
  let afterSaveAs: (() => Promise<void>) | null = null;

  /** Empties a design's autosave slot; resolves once the host has it (best effort: never rejects). */
  const clearSlot = async (key: string | null): Promise<void> => {
    if (key) await api.autosave({ key, text: '', path: null }).catch(() => { /* best effort */ });
  };

  const refreshAutosaves = async () => {
    try {
      state().setAutosaves({ status: 'ready', value: await api.listAutosaves({}) });
    } catch (error) {
      state().setAutosaves({ status: 'error', message: messageOf(error) });
    }
  };

  /** Restores an autosave: into the open design as one undo step when it is that design's, else opened. */
  const recover = (doc: AutosavedDoc) => {
    state().setRecovery(null);
    if (selectAutosaveKey(state()) === doc.key) {
      state().setText(doc.text, { kind: 'edit', label: 'restore the autosave' });
    } else {
      open(doc, true, doc.key.startsWith('draft:') ? doc.key.slice('draft:'.length) : undefined);
    }
    toast('success', 'Recovered the unsaved design.');
  };

  /** Runs `proceed` at once when nothing is unsaved; otherwise asks first (`what` would happen). */
  const guard = async (what: string, proceed: () => Promise<void>): Promise<void> => {
    if (!selectDirty(state())) {
      await proceed();
      return;
    }
    waiting = proceed;
    state().setDiscardPrompt({ what });
  };

  /** The answer to the prompt. Discard also clears the design's autosave: the person let it go. */
  const answer = async (choice: DiscardChoice): Promise<void> => {
    const next = waiting;
    waiting = null;
    state().setDiscardPrompt(null);
    if (!next || choice === 'cancel') return;
    if (choice === 'discard') {
      // Cleared before what comes next: reopening the same design must not find the autosave and offer it back.
      await clearSlot(selectAutosaveKey(state()));
      await next();
      return;
    }
    if (!state().path) {
      afterSaveAs = next;
      state().setSaveAsOpen(true);
      return;
    }
    if (await save()) await next();
  };

  return {
    guard,
    recover,
    refreshAutosaves,
    /** Drops the offered autosave too, so it is not offered again. */
    discardRecovery() {
      const key = state().recovery?.key ?? null;
      state().setRecovery(null);
      void clearSlot(key);
    },
    /** Recovers one listed autosave (asking first if it would replace other unsaved work). */
    async recoverSlot(key: string, name: string) {
      const proceed = async () => {
        try {
          const doc = await api.recoverAutosave({ key });
          if (doc) recover(doc);
          else toast('info', `${name} has nothing left to recover.`);
        } catch (error) {
          toast('error', `Could not recover ${name}: ${messageOf(error)}`);
        }
      };
      if (selectAutosaveKey(state()) === key) await proceed();
      else await guard(`recover ${name}`, proceed);
    },
    async discardSlot(key: string) {
      try {
        await api.autosave({ key, text: '', path: null });
      } catch (error) {
        toast('error', `Could not discard the autosave: ${messageOf(error)}`);
      }
      await refreshAutosaves();
    },
    answer,
    /** Save chosen outside the prompt (the desktop window's close prompt): save, then `proceed`. */
    async saveThen(proceed: () => Promise<void>): Promise<void> {
      waiting = proceed;
      await answer('save');
    },
    /** Save As ended: saved (what waited for it goes on) or cancelled (it is dropped). */
    async saveAsEnded(saved: boolean): Promise<void> {
      const next = afterSaveAs;
      afterSaveAs = null;
      if (saved && next) await next();
    },
    /** Writes the open design's autosave slot while it has unsaved changes. */
    async autosave(): Promise<void> {
      const s = state();
      const key = selectAutosaveKey(s);
      if (!key || !selectDirty(s)) return;
      try {
        await api.autosave({ key, text: s.text, path: s.path, presetId: s.presetId });
      } catch {
        // Autosave is best effort; the next change tries again.
      }
    },
    clearSlot,
    /** After opening a design: offers its autosave when it holds text other than what opened. */
    async offerRestore(): Promise<void> {
      const key = selectAutosaveKey(state());
      if (!key) return;
      let found: AutosavedDoc | null = null;
      try {
        found = await api.recoverAutosave({ key });
      } catch {
        return;
      }
      if (found && selectAutosaveKey(state()) === key && found.text !== state().text) state().setRecovery(found);
    },
  };
}
