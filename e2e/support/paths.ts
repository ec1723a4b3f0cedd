/** Where the e2e suite finds the repository, the built renderer and where it writes artifacts. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIST = join(REPO_ROOT, 'dist', 'renderer');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'e2e-screenshots');
