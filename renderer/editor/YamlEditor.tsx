/**
 * The YAML view: Monaco on the design text. Typing updates the store (and so every form); form
 * edits arrive as one minimal edit (cursor and undo survive); problems show as markers.
 */
import { useEffect, useRef, useState } from 'react';
import { store } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { ErrorState, LoadingState } from '../views/common/States';
import { DESIGN_MODEL_URI, loadMonaco, minimalEdit } from './load';
import type { Monaco } from './load';

export function YamlEditor() {
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | { error: string }>('loading');
  useEffect(() => {
    let disposed = false;
    const cleanups: Array<() => void> = [];
    loadMonaco().then((monaco: Monaco) => {
      if (disposed || !host.current) return;
      const model = monaco.editor.createModel(store.getState().text, 'yaml', monaco.Uri.parse(DESIGN_MODEL_URI));
      const editor = monaco.editor.create(host.current, {
        model, automaticLayout: true, minimap: { enabled: false }, fontSize: 13, tabSize: 2, insertSpaces: true,
        scrollBeyondLastLine: false, ariaLabel: 'Design YAML', theme: selectEffectiveTheme(store.getState()) === 'dark' ? 'vs-dark' : 'vs',
        renderWhitespace: 'none', wordWrap: 'off',
      });
      let applying = false;
      const sub = model.onDidChangeContent(() => {
        // Keystrokes go into the design's one edit history (grouped by time), not only Monaco's.
        if (!applying) store.getState().setText(model.getValue(), { kind: 'typing', atMs: performance.now() });
      });
      const setMarkers = () => {
        const errors = store.getState().errors;
        monaco.editor.setModelMarkers(model, 'design', errors.map((error) => {
          const line = Math.min(Math.max(1, error.line), model.getLineCount());
          const column = Math.max(1, error.column);
          const word = model.getWordAtPosition({ lineNumber: line, column });
          return {
            severity: monaco.MarkerSeverity.Error,
            message: `${error.path ? `${error.path}: ` : ''}${error.message}`,
            startLineNumber: line, startColumn: column, endLineNumber: line,
            endColumn: word && word.endColumn > column ? word.endColumn : model.getLineMaxColumn(line),
          };
        }));
      };
      setMarkers();
      const reveal = () => {
        const target = store.getState().revealLine;
        if (!target) return;
        editor.revealLineInCenter(target.line);
        editor.setPosition({ lineNumber: target.line, column: Math.max(1, target.column) });
        editor.focus();
      };
      reveal();
      const unsubscribe = store.subscribe((state) => {
        if (state.text !== model.getValue()) {
          const edit = minimalEdit(model.getValue(), state.text);
          if (edit) {
            const from = model.getPositionAt(edit.start);
            const to = model.getPositionAt(edit.end);
            applying = true;
            model.pushEditOperations([], [{ range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: edit.text }], () => null);
            applying = false;
          }
        }
      });
      const unsubscribeErrors = store.subscribe((state) => state.errors, setMarkers);
      const unsubscribeTheme = store.subscribe(selectEffectiveTheme, (theme) => monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'));
      const unsubscribeReveal = store.subscribe((state) => state.revealLine, reveal);
      cleanups.push(() => {
        unsubscribe();
        unsubscribeErrors();
        unsubscribeTheme();
        unsubscribeReveal();
        sub.dispose();
        editor.dispose();
        model.dispose();
      });
      setStatus('ready');
    }, (error: unknown) => setStatus({ error: error instanceof Error ? error.message : String(error) }));
    return () => {
      disposed = true;
      cleanups.forEach((cleanup) => cleanup());
    };
  }, []);
  return (
    <div className="editor-wrap">
      {status === 'loading' ? <LoadingState label="Loading the YAML editor…" /> : null}
      {typeof status === 'object' ? <ErrorState title="The YAML editor did not load" message={status.error} /> : null}
      <div ref={host} className="editor-host" />
    </div>
  );
}

export default YamlEditor;
