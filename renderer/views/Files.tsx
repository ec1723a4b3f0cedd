/**
 * Files from the user's machine: the Open… picker and drag-and-drop onto the window. A design
 * (.yaml) opens as a new, unsaved project; anything else is a trace, uploaded to the host and
 * then offered to run.
 */
import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { ReactNode, Ref } from 'react';
import { classifyFile, MAX_DESIGN_FILE_BYTES, MAX_TRACE_BYTES } from '../app/drop';
import type { Commands } from '../app/commands';
import { useCommands } from './context';

export interface FilePickerHandle {
  open(): void;
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsText(file);
  });
}

async function takeFile(file: File, commands: Commands): Promise<void> {
  const kind = classifyFile(file.name);
  const limit = kind === 'design' ? MAX_DESIGN_FILE_BYTES : MAX_TRACE_BYTES;
  if (file.size > limit) {
    commands.toast('error', `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; a ${kind} may be at most ${limit / 1024 / 1024} MB.`);
    return;
  }
  try {
    const text = await readText(file);
    if (kind === 'design') await commands.openText(file.name, text);
    else await commands.uploadTrace(file.name, text);
  } catch (error) {
    commands.toast('error', `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function FilePicker({ ref }: { ref?: Ref<FilePickerHandle> }) {
  const commands = useCommands();
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ open: () => input.current?.click() }), []);
  return (
    <input
      ref={input}
      type="file"
      className="visually-hidden"
      aria-label="Design or trace file"
      tabIndex={-1}
      accept=".yaml,.yml,.txt,.csv,.jsonl,.log,.monitor"
      onChange={(event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        if (file) void takeFile(file, commands);
      }}
    />
  );
}

export function DropZone({ children }: { children: ReactNode }) {
  const commands = useCommands();
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setOver(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const file = event.dataTransfer?.files?.[0];
      if (file) void takeFile(file, commands);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [commands]);
  return (
    <>
      {children}
      {over ? <div className="drop-overlay" role="status">Drop a design (.yaml) to open it, or a recorded capture to profile and replay it</div> : null}
    </>
  );
}
