#!/usr/bin/env node
/**
 * Rebuilds only what changed, for `npm run serve` and `npm start`:
 * `node scripts/build-if-stale.mjs [renderer] [electron] [--force]`.
 *
 * Each target's output directory keeps a stamp (`.build-inputs.json`): a SHA-256 of the content of
 * every source file the target can bundle (tests excluded), of the build's configuration and of
 * package-lock.json (the dependencies' versions). When the stamp matches the sources and the
 * output's entry files are all there, the target is up to date and is not rebuilt; otherwise its
 * build runs and the stamp is written with the fingerprint taken before the build started (so a
 * file saved during a build makes the next start rebuild). `npm run build` always rebuilds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP_FILE = '.build-inputs.json';
const SOURCE = /\.(ts|tsx|mts|mjs|cjs|js|css|html|json|yaml|svg|png|woff2?)$/;
const TEST = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** What each target bundles: the folders its imports may reach (see DESIGN.md's layering) and its configuration. */
export const TARGETS = {
  renderer: {
    folders: ['renderer', 'simulator', 'electron/common', 'presets'],
    files: ['renderer/vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'],
    outDir: 'dist/renderer',
    entries: ['index.html'],
    command: ['npm', ['run', '--silent', 'build:renderer']],
  },
  electron: {
    folders: ['electron', 'simulator'],
    files: ['scripts/build-electron.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'],
    outDir: 'dist/electron',
    entries: ['main.cjs', 'preload.cjs', 'run-worker.cjs'],
    command: ['node', ['scripts/build-electron.mjs']],
  },
};

function sourcesUnder(root, folder) {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !TEST.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
    .filter((path) => !path.includes('/__snapshots__/') && !path.includes('node_modules/'));
}

/** The fingerprint of a target's inputs under `root`: a hex SHA-256 over sorted paths and contents. */
export function fingerprint(target, root = ROOT) {
  const paths = [...new Set([...target.folders.flatMap((folder) => sourcesUnder(root, folder)),
    ...target.files.filter((file) => existsSync(join(root, file)))])].sort();
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(path).update('\0').update(readFileSync(join(root, path))).update('\0');
  }
  return { hash: hash.digest('hex'), files: paths.length };
}

/** Why a target must be built, or null when its output is up to date. */
export function staleReason(target, root = ROOT, print = fingerprint(target, root)) {
  const outDir = join(root, target.outDir);
  const missing = target.entries.find((entry) => !existsSync(join(outDir, entry)));
  if (missing) return `${target.outDir}/${missing} is missing`;
  const stampPath = join(outDir, STAMP_FILE);
  if (!existsSync(stampPath)) return 'it was built without a stamp';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return 'its stamp is unreadable';
  }
  return stamp.hash === print.hash ? null : 'sources changed since the last build';
}

/** Builds `target` unless it is up to date; returns whether it built. Throws when the build fails. */
export function ensureBuilt(name, target, { root = ROOT, force = false, log = console.log } = {}) {
  const print = fingerprint(target, root);
  const reason = force ? 'forced' : staleReason(target, root, print);
  if (reason === null) {
    const builtAt = statSync(join(root, target.outDir, STAMP_FILE)).mtime.toISOString();
    log(`${name}: up to date (${print.files} source files unchanged since ${builtAt})`);
    return false;
  }
  log(`${name}: building (${reason})`);
  const [command, args] = target.command;
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) throw new Error(`${name}: the build failed (exit ${run.status ?? run.signal})`);
  writeFileSync(join(root, target.outDir, STAMP_FILE), `${JSON.stringify({ hash: print.hash, files: print.files }, null, 2)}\n`);
  return true;
}

function main(argv) {
  const force = argv.includes('--force');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !(name in TARGETS));
  if (unknown.length > 0) {
    console.error(`unknown target ${unknown.join(', ')}; usage: build-if-stale.mjs [${Object.keys(TARGETS).join('] [')}] [--force]`);
    return 2;
  }
  try {
    for (const name of names.length > 0 ? names : Object.keys(TARGETS)) ensureBuilt(name, TARGETS[name], { force });
    return 0;
  } catch (error) {
    console.error(error.message);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
