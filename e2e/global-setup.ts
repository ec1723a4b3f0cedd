/**
 * Builds the renderer once before the suite, and only when dist/renderer is missing or older than
 * what it is built from (renderer/, and the pure code it bundles: electron/common, simulator/).
 * The specs themselves build nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RENDERER_DIST, REPO_ROOT } from './support/paths';

const SOURCES = ['renderer', 'electron/common', 'simulator'];
const SKIP = /(^|\/)(node_modules|node|dist)$|\.test\.tsx?$/;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SKIP.test(path)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Why the renderer must be (re)built, or null when dist/renderer is up to date. */
export function staleReason(): string | null {
  const index = join(RENDERER_DIST, 'index.html');
  if (!existsSync(index)) return `${index} is missing`;
  const builtAt = statSync(index).mtimeMs;
  for (const source of SOURCES) {
    const dir = join(REPO_ROOT, source);
    if (existsSync(dir) && newestMtimeMs(dir) > builtAt) return `${source}/ changed since the last build`;
  }
  return null;
}

export default function globalSetup(): void {
  const reason = staleReason();
  if (!reason) return;
  process.stdout.write(`e2e: building the renderer (${reason}): npm run build:renderer\n`);
  execFileSync('npm', ['run', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
