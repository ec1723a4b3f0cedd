#!/usr/bin/env node
// The `keyspace` CLI. Runs the TypeScript sources as one bundle that esbuild builds and caches
// (see simulator/node/cli/bundle-cache.ts): a cached, up-to-date bundle is imported directly;
// otherwise tsx's loader is registered to build it. Without esbuild, or with KEYSPACE_NO_BUNDLE=1,
// the sources load through tsx. Either way it works right after npm install.
// KEYSPACE_BUNDLE_INFO=1 says on stderr which of the three ran.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedModuleFile } from '../simulator/node/cli/bundle-digest.mjs';

const entry = new URL('../simulator/node/cli/main.ts', import.meta.url);
const useBundle = !process.env.KEYSPACE_NO_BUNDLE;
const cached = useBundle ? cachedModuleFile(fileURLToPath(entry)) : null;
let module = null;
let how = 'TypeScript sources';
if (cached !== null) {
  module = await import(pathToFileURL(cached).href);
  how = `cached bundle ${cached}`;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  if (useBundle) {
    const { bundledModule } = await import('../simulator/node/cli/bundle-cache.ts');
    const file = await bundledModule(fileURLToPath(entry));
    if (file !== null) {
      module = await import(pathToFileURL(file).href);
      how = `bundle built now ${file}`;
    }
  }
  module ??= await import(entry.href);
}
// A reader that went away (`keyspace … | head`) ends the output, not the process with a trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
if (process.env.KEYSPACE_BUNDLE_INFO) process.stderr.write(`keyspace: running the ${how}\n`);
process.exitCode = await module.main(process.argv.slice(2));
