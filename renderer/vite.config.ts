/**
 * Renderer build: root renderer/, output dist/renderer, relative base so the same files load from
 * file:// in Electron and from the browser-mode server. JSX by esbuild (automatic runtime).
 * `--mode fake` builds against the in-memory development host (never in production builds).
 * Paths are relative to the repository root, where npm runs `vite build --config renderer/vite.config.ts`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
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
