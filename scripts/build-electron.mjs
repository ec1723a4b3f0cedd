#!/usr/bin/env node
/**
 * Bundles the desktop app's Node side with esbuild: the main process, the preload (one file, as a
 * sandboxed preload must be) and the run worker, each as CommonJS for Electron's Node, with
 * `electron` left to the runtime. `node scripts/build-electron.mjs [--outdir dist/electron]`.
 */
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = resolve(values.outdir ?? 'dist/electron');
// What was built before no longer matches build-if-stale's stamp, whatever this build's sources are.
rmSync(resolve(outdir, '.build-inputs.json'), { force: true });

const NODE_ENTRIES = [
  { in: 'electron/main/main.ts', out: 'main' },
  { in: 'electron/host/run-worker.ts', out: 'run-worker' },
];
const PRELOAD_ENTRY = { in: 'electron/preload/index.ts', out: 'preload' };

// CommonJS has no import.meta: give modules that read import.meta.url this file's own URL.
const IMPORT_META_URL = '__keyspaceImportMetaUrl';

const common = {
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Inlines the constants modules export (record layouts, word offsets) into the simulator's loops.
  minifySyntax: true,
  // esbuild itself (the CLI's bundle cache loads it on demand) stays a package, not bundled.
  external: ['electron', 'esbuild'],
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

try {
  await build({
    ...common,
    entryPoints: NODE_ENTRIES,
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
  });
  // A sandboxed preload may require only `electron` (and a few builtins): no banner, all inlined.
  await build({ ...common, entryPoints: [PRELOAD_ENTRY] });
} catch {
  // esbuild has printed the located errors.
  process.exit(1);
}
for (const entry of [...NODE_ENTRIES, PRELOAD_ENTRY]) {
  const file = resolve(outdir, `${entry.out}.cjs`);
  console.log(`${file}  ${(statSync(file).size / 1024).toFixed(0)} KB`);
}
