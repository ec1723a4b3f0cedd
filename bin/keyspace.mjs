#!/usr/bin/env node
// The `keyspace` CLI. Runs the TypeScript sources as one bundle that esbuild builds and caches
// (see simulator/node/cli/bundle-cache.ts); without esbuild, or with KEYSPACE_NO_BUNDLE=1, it
// loads them through tsx's loader. Either way it works right after npm install.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = new URL('../simulator/node/cli/main.ts', import.meta.url);
let module = null;
if (!process.env.KEYSPACE_NO_BUNDLE) {
  const { bundledModule } = await import('../simulator/node/cli/bundle-cache.ts');
  const file = await bundledModule(fileURLToPath(entry));
  if (file !== null) module = await import(pathToFileURL(file).href);
}
const { main } = module ?? await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
