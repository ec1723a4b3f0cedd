/**
 * A TypeScript worker entry as one CommonJS script, bundled by esbuild (tsx's own compiler) and
 * cached with the list of files it was built from: the cache is used while none of them changed,
 * so a run starts the worker without the ~50 ms build (or the ~200 ms of tsx's loader thread).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where bundles are cached: the project's node_modules/.cache, like other build tools' caches. */
export const WORKER_CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/keyspace-workbench/', import.meta.url));

/** Bumped when the build options below change, so older bundles are not reused. */
const BUNDLE_FORMAT = 1;

interface CachedBundle {
  inputs: string[];
  digest: string;
  code: string;
}

/** SHA-256 of the files' names and contents, or null when one cannot be read. */
function digestOf(files: readonly string[]): string | null {
  const hash = createHash('sha256');
  hash.update(`keyspace-worker-bundle:${BUNDLE_FORMAT}`);
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

/**
 * The bundled script of `entryFile` (an absolute path), from the cache when its inputs are
 * unchanged; null when esbuild or the sources are missing (the caller falls back to the loader).
 */
export async function bundledWorker(entryFile: string, cacheDir = WORKER_CACHE_DIR): Promise<string | null> {
  const cacheFile = join(cacheDir, `${basename(entryFile)}.bundle.json`);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedBundle;
    if (digestOf(cached.inputs) === cached.digest) return cached.code;
  } catch {
    // No usable cache: build below.
  }
  let code: string;
  let inputs: string[];
  try {
    const { buildSync } = await import('esbuild');
    const workingDir = process.cwd();
    const built = buildSync({
      entryPoints: [entryFile], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      write: false, logLevel: 'silent', metafile: true, absWorkingDir: workingDir,
    });
    code = built.outputFiles[0].text;
    inputs = Object.keys(built.metafile.inputs).map((input) => resolve(workingDir, input)).sort();
  } catch {
    return null;
  }
  const digest = digestOf(inputs);
  if (digest !== null) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify({ inputs, digest, code } satisfies CachedBundle));
      renameSync(partial, cacheFile);
    } catch {
      // A read-only tree: build again next time.
    }
  }
  return code;
}
