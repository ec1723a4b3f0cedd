/**
 * Where the Electron binary is, if anywhere: KEYSPACE_ELECTRON, else the one
 * node_modules/electron/path.txt names (npm install here skips its download). The desktop build
 * (dist/electron/main.cjs) must exist too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export type ElectronLookup = { found: true; binary: string } | { found: false; reason: string };

export const ELECTRON_MAIN = join(REPO_ROOT, 'dist', 'electron', 'main.cjs');

export function findElectron(env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  let binary: string | null = null;
  if (env.KEYSPACE_ELECTRON) {
    if (!existsSync(env.KEYSPACE_ELECTRON)) return { found: false, reason: `KEYSPACE_ELECTRON=${env.KEYSPACE_ELECTRON} does not exist` };
    binary = env.KEYSPACE_ELECTRON;
  } else {
    const packageDir = join(REPO_ROOT, 'node_modules', 'electron');
    const pathTxt = join(packageDir, 'path.txt');
    if (!existsSync(pathTxt)) {
      return { found: false, reason: `${pathTxt} is missing (npm install skipped the download); set KEYSPACE_ELECTRON to an Electron binary, or run node node_modules/electron/install.js` };
    }
    binary = join(packageDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    if (!existsSync(binary)) return { found: false, reason: `${binary} (named by ${pathTxt}) does not exist` };
  }
  if (!existsSync(ELECTRON_MAIN)) return { found: false, reason: `${ELECTRON_MAIN} is missing: run npm run build:electron` };
  return { found: true, binary };
}

/** Why Electron cannot open a window here (no display on Linux), or null. */
export function missingDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'no DISPLAY: run the Electron specs under a display server, e.g. npm run test:electron (xvfb-run -a playwright test …)';
}
