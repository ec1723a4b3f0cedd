/**
 * The bundle cache's lookup (see bundle-cache.ts), in plain JavaScript: bin/keyspace.mjs runs it
 * before any TypeScript loader is registered, so that a CLI whose bundle is cached starts without
 * one (tsx's hooks would also resolve every package the bundle imports, on another thread).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where bundles are cached: the project's node_modules/.cache, like other build tools' caches. */
export const BUNDLE_CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/keyspace-workbench/', import.meta.url));

/** Bumped when the build options change, so older bundles are not reused. */
const BUNDLE_FORMAT = 2;

/** SHA-256 of the bundle kind and the files' names and contents, or null when one cannot be read. */
export function bundleDigest(kind, files) {
  const hash = createHash('sha256');
  hash.update(`keyspace-bundle:${BUNDLE_FORMAT}:${kind}`);
  for (const file of files) {
    try {
      hash.update(file);
      hash.update(readFileSync(file));
    } catch {
      return null;
    }
  }
  return hash.digest('hex');
}

/** The cache entry (inputs, digest, code for scripts) in `cacheFile` while its inputs are unchanged, else null. */
export function cachedEntry(cacheFile, kind) {
  try {
    const entry = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return bundleDigest(kind, entry.inputs) === entry.digest ? entry : null;
  } catch {
    return null;
  }
}

/**
 * The cache's name for `entryFile`: its base name and a hash of its path, so that entries with
 * the same name (two checkouts sharing node_modules, say) never take each other's bundle.
 */
export function bundleName(entryFile) {
  const pathHash = createHash('sha256').update(resolve(entryFile)).digest('hex').slice(0, 12);
  return `${basename(entryFile).replace(/\.[cm]?ts$/, '')}-${pathHash}`;
}

/** The cache entry of a script bundle of `entryFile` (its code is in the entry). */
export function scriptBundleFile(entryFile, cacheDir = BUNDLE_CACHE_DIR) {
  return join(cacheDir, `${bundleName(entryFile)}.script.json`);
}

/** The files of an ES module bundle of `entryFile`: its cache entry and the module itself. */
export function moduleBundleFiles(entryFile, cacheDir = BUNDLE_CACHE_DIR) {
  const name = bundleName(entryFile);
  return { cacheFile: join(cacheDir, `${name}.module.json`), moduleFile: join(cacheDir, `${name}.bundle.mjs`) };
}

/** The cached ES module bundle of `entryFile` if it is up to date, else null (build it with bundledModule). */
export function cachedModuleFile(entryFile, cacheDir = BUNDLE_CACHE_DIR) {
  const { cacheFile, moduleFile } = moduleBundleFiles(entryFile, cacheDir);
  return cachedEntry(cacheFile, 'module') === null ? null : moduleFile;
}
