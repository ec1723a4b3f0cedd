/**
 * Monaco, bundled locally (no CDN): the core editor API, the YAML tokenizer, the contributions the
 * workbench uses (hover, completion, find, folding, go to error, go to line (Ctrl+G), the command
 * palette (F1), go to symbol) and monaco-yaml, whose worker (the YAML language server) gives
 * completion and hover docs from the design's JSON Schema. Loaded lazily, only by the YAML and
 * Export views.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/ini/register';
import 'monaco-editor/languages/definitions/shell/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/markdown/register';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/documentSymbols/browser/documentSymbols';
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneGotoLineQuickAccess';
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneCommandsQuickAccess';
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneHelpQuickAccess';
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneGotoSymbolQuickAccess';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { configureDesignYaml } from './yaml-language';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

configureDesignYaml(monaco);

// The built-in themes miss WCAG AA's 4.5:1 in two places: vs-dark's comments (#608b4e, 4.2:1 on
// #1e1e1e) and the dimmed number of the line after a final newline (1.8:1 in both). Redefined
// under the same names, so every editor that asks for vs or vs-dark gets the readable ones.
monaco.editor.defineTheme('vs', { base: 'vs', inherit: true, rules: [], colors: { 'editorLineNumber.dimmedForeground': '#237893' } });
monaco.editor.defineTheme('vs-dark', {
  base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '6a9955' }], colors: { 'editorLineNumber.dimmedForeground': '#858585' },
});

export { monaco };
