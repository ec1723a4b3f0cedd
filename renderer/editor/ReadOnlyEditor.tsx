/** A read-only Monaco view of one text (the export preview). */
import { useEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { ErrorState, LoadingState } from '../views/common/States';
import { loadMonaco } from './load';
import type { Monaco } from './load';

const LANGUAGES: Record<string, string> = { conf: 'ini', env: 'shell', sh: 'shell', ts: 'typescript', py: 'python', md: 'markdown', yml: 'yaml', yaml: 'yaml', json: 'json', html: 'html', ini: 'ini' };

export function monacoLanguage(language: string, path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return LANGUAGES[language] ?? (language || LANGUAGES[ext] || 'plaintext');
}

export function ReadOnlyEditor({ text, language, label }: { text: string; language: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<{ monaco: Monaco; editor: MonacoEditor.IStandaloneCodeEditor } | null>(null);
  const theme = useStore(selectEffectiveTheme);
  const [status, setStatus] = useState<'loading' | 'ready' | { error: string }>('loading');
  // One editor for the life of the view: switching files swaps its model (below). Rebuilding it on
  // every file left the new editor empty, since the status was already 'ready' and the model
  // effect did not run again.
  useEffect(() => {
    let disposed = false;
    loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const editor = monaco.editor.create(host.current, {
        value: '', language: 'plaintext', readOnly: true, automaticLayout: true, minimap: { enabled: false }, fontSize: 13,
        scrollBeyondLastLine: false, ariaLabel: label, domReadOnly: true,
      });
      editorRef.current = { monaco, editor };
      setStatus('ready');
    }, (error: unknown) => setStatus({ error: error instanceof Error ? error.message : String(error) }));
    return () => {
      disposed = true;
      editorRef.current?.editor.getModel()?.dispose();
      editorRef.current?.editor.dispose();
      editorRef.current = null;
    };
    // The label is applied by its own effect; the editor is created once.
  }, []);
  useEffect(() => {
    editorRef.current?.editor.updateOptions({ ariaLabel: label });
  }, [label, status]);
  useEffect(() => {
    const current = editorRef.current;
    if (!current || status !== 'ready') return;
    const old = current.editor.getModel();
    current.editor.setModel(current.monaco.editor.createModel(text, language));
    old?.dispose();
  }, [text, language, status]);
  useEffect(() => {
    editorRef.current?.monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme, status]);
  return (
    <div className="editor-wrap">
      {status === 'loading' ? <LoadingState label="Loading the preview…" /> : null}
      {typeof status === 'object' ? <ErrorState title="The preview did not load" message={status.error} /> : null}
      <div ref={host} className="editor-host" />
    </div>
  );
}
