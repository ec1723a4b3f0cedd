/**
 * File helpers: atomic writes (temp file in the same directory, fsync, rename — a crash leaves the
 * old file or the new one, never half of one), small JSON stores, and workspace confinement.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ServiceError } from './errors';

/** Writes `text` to `path` atomically, creating the directory when needed. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads a JSON file; `fallback` when it is missing or unreadable (a corrupt store is not fatal). */
export async function readJson<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 1)}\n`);
}

/** The real path of the deepest existing ancestor of `path`, with the rest appended. */
function realish(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(basename(existing));
    existing = parent;
  }
  return join(realpathSync(existing), ...rest);
}

/** True when `path` is `root` or lies below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves a user-given path. With a confinement root (browser mode), relative paths are taken
 * from the root and the result — symlinks followed — must stay inside it; otherwise relative
 * paths are taken from `base`.
 */
export function resolveUserPath(given: string, options: { root?: string; base: string; what: string }): string {
  if (given.includes('\0')) throw new ServiceError('bad-input', `${options.what} "${given}" contains a NUL character`);
  if (!options.root) return resolve(options.base, given);
  const root = realish(resolve(options.root));
  const target = realish(resolve(root, given));
  if (!isInside(root, target)) {
    throw new ServiceError('bad-input', `${options.what} "${given}" is outside the workspace ${root}; in browser mode every file stays inside the workspace (give a path relative to it, without ..)`);
  }
  return target;
}
