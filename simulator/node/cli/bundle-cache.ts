/**
 * TypeScript entries as single JavaScript bundles built by esbuild (tsx's own compiler) and
 * cached with the list of files each was built from: a cached bundle is used while none of them
 * changed. Two uses:
 * - the trace parser's worker (one CommonJS script): it starts without the ~50 ms build or the
 *   ~200 ms of tsx's loader thread;
 * - the `keyspace` CLI itself (an ES module next to the cache, packages left to Node): esbuild
 *   inlines the constants modules export (record layouts, word offsets), which per-file loading
 *   leaves as live bindings to look up on every use — the replay loop runs 7–12 % faster.
 * Either way `import.meta.url` keeps meaning the source file, so relative paths still resolve.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { BUNDLE_CACHE_DIR, bundleDigest, cachedEntry, moduleBundleFiles, scriptBundleFile } from './bundle-digest.mjs';
import type { CachedBundle } from './bundle-digest.mjs';

export { BUNDLE_CACHE_DIR, cachedModuleFile } from './bundle-digest.mjs';

/**
 * `import.meta.url` as a pattern: written so that this file's own text does not contain it, or
 * bundling this file (the CLI bundle includes it) would rewrite the pattern too.
 */
const META_URL = /\bimport\.meta\.url\b/g;

/** Rewrites `import.meta.url` in each module to that module's own URL (a bundle has one URL). */
const sourceUrls: Plugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.([cm]?ts|mjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(META_URL, JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith('.mjs') ? 'js' : 'ts' };
    });
  },
};

type Kind = 'script' | 'module';

/** Builds `entryFile`; returns the code and the absolute paths of the files it came from, or null. */
async function build(entryFile: string, kind: Kind): Promise<{ code: string; inputs: string[] } | null> {
  try {
    const { build: esbuild } = await import('esbuild');
    const workingDir = process.cwd();
    const built = await esbuild({
      entryPoints: [entryFile], bundle: true, platform: 'node', target: 'node20', write: false,
      logLevel: 'silent', metafile: true, absWorkingDir: workingDir, minifySyntax: true,
      plugins: [sourceUrls],
      ...(kind === 'script' ? { format: 'cjs' } : { format: 'esm', packages: 'external' }),
    });
    const code = built.outputFiles[0].text;
    const inputs = Object.keys(built.metafile.inputs).map((input) => resolve(workingDir, input)).sort();
    return { code, inputs };
  } catch {
    return null;
  }
}

/** Writes a file whole or not at all (concurrent runs may build the same bundle). */
function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/**
 * The bundled script of `entryFile` (an absolute path), from the cache when its inputs are
 * unchanged; null when esbuild or the sources are missing (the caller falls back to the loader).
 */
export async function bundledWorker(entryFile: string, cacheDir = BUNDLE_CACHE_DIR): Promise<string | null> {
  const cacheFile = scriptBundleFile(entryFile, cacheDir);
  const hit = cachedEntry(cacheFile, 'script');
  if (hit?.code !== undefined) return hit.code;
  const built = await build(entryFile, 'script');
  if (built === null) return null;
  const digest = bundleDigest('script', built.inputs);
  if (digest !== null) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeAtomically(cacheFile, JSON.stringify({ inputs: built.inputs, digest, code: built.code } satisfies CachedBundle));
    } catch {
      // A read-only tree: build again next time.
    }
  }
  return built.code;
}

/**
 * The bundled ES module of `entryFile` as a file to import (packages stay imports, resolved from
 * the project's node_modules above the cache), from the cache when its inputs are unchanged;
 * null when it cannot be built or written (the caller imports the sources instead).
 */
export async function bundledModule(entryFile: string, cacheDir = BUNDLE_CACHE_DIR): Promise<string | null> {
  const { cacheFile, moduleFile } = moduleBundleFiles(entryFile, cacheDir);
  if (cachedEntry(cacheFile, 'module') !== null) return moduleFile;
  const built = await build(entryFile, 'module');
  if (built === null) return null;
  const digest = bundleDigest('module', built.inputs);
  if (digest === null) return null;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeAtomically(moduleFile, built.code);
    writeAtomically(cacheFile, JSON.stringify({ inputs: built.inputs, digest } satisfies CachedBundle));
  } catch {
    return null;
  }
  return moduleFile;
}
