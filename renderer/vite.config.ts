/**
 * Renderer build: root renderer/, output dist/renderer, relative base so the same files load from
 * file:// in Electron and from the browser-mode server. JSX by esbuild (automatic runtime).
 * `--mode fake` builds against the in-memory development host (never in production builds).
 * Paths are relative to the repository root, where npm runs `vite build --config renderer/vite.config.ts`.
 */
import { defineConfig } from 'vite';

// monaco-yaml's worker (via monaco-worker-manager) imports `monaco-editor/esm/vs/…`, a path the
// package's exports map (`./*` → `./esm/vs/*`) no longer resolves; point it at the files.
const MONACO_ESM = decodeURIComponent(new URL('../node_modules/monaco-editor/esm/vs/', import.meta.url).pathname);

export default defineConfig({
  root: 'renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\//, replacement: MONACO_ESM }] },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/d3-') || id.includes('node_modules/d3/')) return 'd3';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
  worker: { format: 'es' },
});
