/**
 * What the user can do, as plain functions over the API and the store: views, menus, shortcuts and
 * drops all call these. Clocks, ids and timers are injected (see main.tsx), never read here.
 */
import { markRun, MAX_RUN_SHARDS, RUN_MARKS } from '../../electron/common';
import type { MethodInput, ProjectDoc } from '../../electron/common';
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import { parseSpeed } from '../../simulator/run/time-scale';
import { selectAutosaveKey } from '../store/project/selectors';
import { runOptionProblems, shardsOf } from '../store/runs/options';
import type { Toast } from '../store/ui/slice';
import { baseName } from './drop';
import { messageOf } from './messages';
import { createUnsavedWork } from './unsaved-work';
import type { DiscardChoice } from './unsaved-work';
import { downloadFile } from './download';
import type { SaveFile } from './download';
import { createRecordingCommands } from './recording-commands';
import { createRunCommands } from './run-commands';
import { createCompareCommands } from './compare-commands';
import { createDiffCommands } from './diff-commands';
import { createRoomCommands } from './room-commands';

export interface CommandDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  newId: () => string;
  /** How a file is handed to the user (default: a browser download). */
  saveFile?: SaveFile;
}

export { messageOf };

/** `Product catalogue` → `product-catalogue.yaml`. */
export function fileNameFor(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'design'}.yaml`;
}

export type Commands = ReturnType<typeof createCommands>;

export function createCommands({ api, store, newId, saveFile = downloadFile }: CommandDeps) {
  const state = () => store.getState();
  const toast = (kind: Toast['kind'], message: string) => state().addToast({ id: newId(), kind, message });
  const fail = (what: string) => (error: unknown) => toast('error', `${what}: ${messageOf(error)}`);

  /** Shows a design with a new history; the Run view no longer shows the previous design's run. */
  const open = (doc: ProjectDoc, unsaved = false, draftId = doc.path || doc.presetId ? undefined : newId()) => {
    state().openDoc(doc, { unsaved, draftId });
    state().showRun(null);
    state().setView('design');
  };
  const refreshRecent = () => {
    api.listRecent({}).then((value) => state().setRecent({ status: 'ready', value }), () => {});
  };
  // Declared below; Save from the prompt goes through the same command as the Save button.
  const unsaved = createUnsavedWork({ api, store, save: () => commands.save(), open, toast });

  const refreshHistory = async () => {
    if (state().history.status !== 'ready') state().setHistory({ status: 'loading' });
    try {
      state().setHistory({ status: 'ready', value: await api.listRuns({}) });
    } catch (error) {
      state().setHistory({ status: 'error', message: messageOf(error) });
    }
  };

  const loadRecord = async (runId: string, force = false) => {
    const current = state().records[runId];
    if (!force && current && current.status !== 'idle') return;
    state().setRecord(runId, { status: 'loading' });
    try {
      state().setRecord(runId, { status: 'ready', value: await api.getRun({ runId }) });
    } catch (error) {
      state().setRecord(runId, { status: 'error', message: messageOf(error) });
    }
  };

  const runInput = (extra: Partial<MethodInput<'startRun'>> = {}): MethodInput<'startRun'> => {
    const options = state().runOptions;
    const input: MethodInput<'startRun'> = { text: state().text, engine: options.engine, set: [] };
    if (options.environment) input.environment = options.environment;
    const problems = runOptionProblems(options);
    if (options.seed.trim() !== '' && !problems.seed) input.seed = Number(options.seed.trim());
    if (options.requests.trim() !== '' && !problems.requests) input.requests = Number(options.requests.trim());
    if (options.engine === 'connection' && options.connectionId) input.connectionId = options.connectionId;
    const speed = options.engine === 'sim' ? null : parseSpeed(options.speed);
    if (speed !== null) input.speed = speed;
    if ((options.engine === 'managed' || options.engine === 'managed-cluster') && options.managedServerId) input.managedServerId = options.managedServerId;
    else if (options.engine === 'managed-cluster' && shardsOf(options.shards, MAX_RUN_SHARDS) !== null) input.shards = shardsOf(options.shards, MAX_RUN_SHARDS) as number;
    if (options.engine === 'container' && options.image.trim() !== '' && !problems.image) input.image = options.image.trim();
    return { ...input, ...extra };
  };

  const commands = {
    async init() {
      state().setPresets({ status: 'loading' });
      state().setRecent({ status: 'loading' });
      state().setAppInfo({ status: 'loading' });
      await Promise.all([
        api.listPresets({}).then((value) => state().setPresets({ status: 'ready', value }), (error) => state().setPresets({ status: 'error', message: messageOf(error) })),
        api.listRecent({}).then((value) => state().setRecent({ status: 'ready', value }), (error) => state().setRecent({ status: 'error', message: messageOf(error) })),
        api.getAppInfo({}).then((value) => state().setAppInfo({ status: 'ready', value }), (error) => state().setAppInfo({ status: 'error', message: messageOf(error) })),
        api.listConnections({}).then((value) => state().setConnections({ status: 'ready', value }), (error) => state().setConnections({ status: 'error', message: messageOf(error) })),
        refreshHistory(),
        api.recoverAutosave({}).then((doc) => {
          // Offered at start only while nothing else is open.
          if (doc && doc.text.trim() !== '' && !state().open) state().setRecovery(doc);
        }, () => { /* no autosave to recover */ }),
      ]);
    },
    refreshHistory,
    loadRecord,
    async newProject() {
      await unsaved.guard('create a new design', async () => {
        try {
          open(await api.newProject({}));
        } catch (error) {
          fail('Could not create a design')(error);
        }
      });
    },
    async openPreset(id: string) {
      const presets = state().presets;
      const name = presets.status === 'ready' ? presets.value.find((preset) => preset.id === id)?.name : undefined;
      await unsaved.guard(`open the preset ${name ?? id}`, async () => {
        try {
          open(await api.openPreset({ id }));
          refreshRecent();
          await unsaved.offerRestore();
        } catch (error) {
          fail('Could not open the preset')(error);
        }
      });
    },
    async openPath(path: string) {
      await unsaved.guard(`open ${baseName(path)}`, async () => {
        try {
          open(await api.openProject({ path }));
          refreshRecent();
          await unsaved.offerRestore();
        } catch (error) {
          fail(`Could not open ${path}`)(error);
        }
      });
    },
    /** A design read in the page (file picker, drop, the trainer's push): a new, unsaved project; `opened` once it is. */
    async openText(fileName: string, text: string, opened?: () => void): Promise<void> {
      await unsaved.guard(`open ${fileName}`, async () => {
        open({ path: null, presetId: null, name: fileName.replace(/\.ya?ml$/i, ''), text }, true);
        opened?.();
        toast('info', `Opened ${fileName} as a new, unsaved design.`);
      });
    },
    /** The answer to "Save changes before …?". */
    answerDiscard: (choice: DiscardChoice) => unsaved.answer(choice),
    /** Save from the desktop window's close prompt: saves (Save As first if there is no file), then `close`. */
    saveAndClose: (close: () => void) => unsaved.saveThen(async () => close()),
    recover: unsaved.recover,
    discardRecovery: unsaved.discardRecovery,
    refreshAutosaves: unsaved.refreshAutosaves,
    recoverSlot: unsaved.recoverSlot,
    discardSlot: unsaved.discardSlot,
    /** Saves to the design's file (asking for one first if it has none); true once saved. */
    async save(): Promise<boolean> {
      const { path, open: isOpen } = state();
      if (!isOpen) return false;
      if (!path) {
        state().setSaveAsOpen(true);
        return false;
      }
      return commands.saveAs(path, true);
    },
    /**
     * Saves to `path`. Without `overwrite`, an existing file is not replaced: the person is asked
     * first (the desktop app's native dialog has asked already, so its path comes with overwrite).
     */
    async saveAs(path: string, overwrite = true): Promise<boolean> {
      const text = state().text;
      const before = selectAutosaveKey(state());
      try {
        const saved = await api.saveProject({ path, text, overwrite });
        if (saved.status === 'exists') {
          state().setOverwritePrompt({ path: saved.path });
          return false;
        }
        state().markSaved(saved.path, text);
        state().setSaveAsOpen(false);
        state().setOverwritePrompt(null);
        toast('success', `Saved ${saved.path}`);
        refreshRecent();
        // The design's autosave slot is now its file's; the old slot (preset, draft) holds nothing to recover.
        if (before !== saved.path) void unsaved.clearSlot(before);
        await unsaved.saveAsEnded(true);
        return true;
      } catch (error) {
        fail('Could not save')(error);
        return false;
      }
    },
    /** Save As was closed without saving. */
    cancelSaveAs() {
      state().setSaveAsOpen(false);
      state().setOverwritePrompt(null);
      void unsaved.saveAsEnded(false);
    },
    /** Hands the design's text to the browser as a download (browser mode: the participant's own machine). */
    downloadDesign() {
      const { open: isOpen, path, name, text } = state();
      if (isOpen) saveFile(path ? baseName(path) : fileNameFor(name), 'application/yaml', text);
    },
    autosave: () => unsaved.autosave(),
    async run(extra: Partial<MethodInput<'startRun'>> = {}): Promise<string | null> {
      if (!state().open) {
        toast('info', 'Open or create a design first.');
        return null;
      }
      const problems = state().errors.length;
      if (problems > 0) {
        toast('error', `Fix the ${problems} problem${problems === 1 ? '' : 's'} in the design before running.`);
        return null;
      }
      const options = runOptionProblems(state().runOptions);
      if (options.seed || options.requests || options.shards || options.speed || options.image) {
        toast('error', `Fix the run settings first: ${[options.seed, options.requests, options.shards, options.speed, options.image].filter(Boolean).join(' ')}`);
        return null;
      }
      state().setView('run');
      state().runStarting();
      try {
        markRun(performance, RUN_MARKS.requested);
        const { runId } = await api.startRun(runInput(extra));
        markRun(performance, RUN_MARKS.answered);
        state().runStarted(runId);
        return runId;
      } catch (error) {
        state().runFailedToStart(messageOf(error));
        return null;
      }
    },
    async stop() {
      const runId = state().activeRunId;
      if (!runId) return;
      try {
        await api.cancelRun({ runId });
      } catch (error) {
        fail('Could not stop the run')(error);
      }
    },
    /** Writes every export file to a directory (the desktop menu's chosen folder). */
    async saveExport(directory: string) {
      if (!state().open) return;
      try {
        const environment = state().runOptions.environment || undefined;
        const { written } = await api.saveExport({ text: state().text, environment, directory });
        toast('success', `Wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${directory}`);
      } catch (error) {
        fail('Could not save the export')(error);
      }
    },
    exportView() {
      if (state().open) state().setView('export');
      else toast('info', 'Open or create a design first.');
    },
    toast,
    ...createRunCommands({ api, store, saveFile, toast, messageOf }),
    ...createCompareCommands({ api, store, messageOf, refreshHistory, fail }),
    ...createDiffCommands({ api, store, loadRecord, refreshHistory }),
    ...createRoomCommands({ api, store, toast, messageOf, openText: (name, text, opened): Promise<void> => commands.openText(name, text, opened) }),
    ...createRecordingCommands({ api, store, saveFile, toast, messageOf, run: (extra): Promise<string | null> => commands.run(extra), openText: (name, text): Promise<void> => commands.openText(name, text) }),
  };
  return commands;
}
