/**
 * What the user does with a recorded capture (the Recording view): open it, infer a design from it
 * (opened as a new, unsaved design), anonymize it (the copy is what replays from then on), and
 * replay it through the open design on the simulator or a managed redis-server. Part of the
 * commands object.
 */
import type { MethodInput } from '../../electron/common';
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import type { SaveFile } from './download';

/** Where a replay runs: the simulator, or live on a managed redis-server the run starts. */
export type ReplayEngine = 'sim' | 'managed';

interface RecordingCommandDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  saveFile: SaveFile;
  toast(kind: 'success' | 'error' | 'info', message: string): void;
  messageOf(error: unknown): string;
  run(extra: Partial<MethodInput<'startRun'>>): Promise<string | null>;
  openText(fileName: string, text: string): Promise<void>;
}

export function createRecordingCommands({ api, store, saveFile, toast, messageOf, run, openText }: RecordingCommandDeps) {
  const state = () => store.getState();
  const openRecording = (path: string, name: string): void => {
    state().setRecording({ path, name, anonymized: false });
    state().setView('recording');
  };
  return {
    openRecording,
    /** A dropped or picked trace file: uploaded to the host, then shown in the Recording view. */
    async uploadTrace(name: string, content: string): Promise<void> {
      try {
        const { path } = await api.uploadTrace({ name, content });
        openRecording(path, name);
      } catch (error) {
        toast('error', `Could not upload ${name}: ${messageOf(error)}`);
      }
    },
    /** Opens the design inferred from the capture (unsaved) and stays on the Recording view. */
    async inferDesign(): Promise<void> {
      const recording = state().recording;
      if (!recording) return;
      try {
        const inferred = await api.inferRecording({ path: recording.path });
        await openText(`${inferred.name}.yaml`, inferred.text);
        if (state().text === inferred.text) state().setView('recording');
      } catch (error) {
        toast('error', `Could not infer a design from ${recording.name}: ${messageOf(error)}`);
      }
    },
    async anonymize(): Promise<void> {
      const recording = state().recording;
      if (!recording) return;
      try {
        const copy = await api.anonymizeRecording({ path: recording.path });
        state().setRecording({ path: copy.path, name: copy.name, anonymized: true });
        toast('success', `Anonymized ${copy.records.toLocaleString('en-US')} records (${copy.keys.toLocaleString('en-US')} keys): ${copy.name} is what replays now.`);
      } catch (error) {
        toast('error', `Could not anonymize ${recording.name}: ${messageOf(error)}`);
      }
    },
    /** Saves the capture as it is on the host (the anonymized copy, to share) to this machine. */
    async downloadRecording(): Promise<void> {
      const recording = state().recording;
      if (!recording) return;
      try {
        const { name, text } = await api.readRecording({ path: recording.path });
        saveFile(name, name.endsWith('.jsonl') ? 'application/x-ndjson' : 'text/plain', text);
      } catch (error) {
        toast('error', `Could not download ${recording.name}: ${messageOf(error)}`);
      }
    },
    /** Replays the capture through the open design: a run like any other (Run view, history). */
    async replay(engine: ReplayEngine, speed: number | 'max'): Promise<string | null> {
      const recording = state().recording;
      if (!recording) return null;
      const pace = engine === 'managed' ? ` at ${speed === 'max' ? 'max' : `${speed}×`}` : '';
      return run({ tracePath: recording.path, engine, speed: engine === 'managed' ? speed : undefined, label: `replay ${recording.name} (${engine === 'sim' ? 'simulator' : 'live'}${pace})` });
    },
  };
}
