#!/usr/bin/env node
// `npm start` (after `npm run build`): launches the desktop app on the Electron binary. npm
// install here skips the binary download (ELECTRON_SKIP_BINARY_DOWNLOAD), so when it is missing
// this tries to fetch it once and otherwise says how to get it — and that `npm run serve` gives
// the same workbench in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const INSTALL_TIMEOUT_MS = 180_000;

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The binary named by node_modules/electron/path.txt, when it is there. */
function electronBinary(dir) {
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const binary = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function explainMissing(reason) {
  console.error(`
The Electron desktop binary is not installed (${reason}).
npm install skipped its download (ELECTRON_SKIP_BINARY_DOWNLOAD), and fetching it from here failed.

To get the desktop app, on a machine with network access:
  unset ELECTRON_SKIP_BINARY_DOWNLOAD        (and remove it from .npmrc if it is set there)
  npm rebuild electron                        or: node node_modules/electron/install.js
  npm start

The same workbench runs in a browser without Electron:
  npm run serve                               (prints http://127.0.0.1:PORT/?token=…)
`);
}

const dir = electronDir();
if (!dir) {
  explainMissing('the electron package itself is missing; run npm install');
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'electron', 'main.cjs'))) {
  console.error('dist/electron/main.cjs is missing: run npm run build (npm start does it for you).');
  process.exit(1);
}

let binary = electronBinary(dir);
if (!binary) {
  console.error('The Electron binary is not installed; trying to download it (node node_modules/electron/install.js)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.npm_config_electron_skip_binary_download;
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: INSTALL_TIMEOUT_MS, encoding: 'utf8' });
  binary = electronBinary(dir);
  if (!binary) {
    const said = (install.stderr ?? '').trim().split('\n')[0] ?? '';
    explainMissing(install.error ? install.error.message : said || `install.js exited with ${install.status}`);
    process.exit(1);
  }
}

const childEnv = { ...process.env };
delete childEnv.ELECTRON_RUN_AS_NODE; // set, it would start Electron as plain Node
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: childEnv });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
