/**
 * `npm run serve`: the workbench in a browser. Flags: --port N (default 5174, a free port if
 * busy), --host H (default 127.0.0.1; 0.0.0.0 for a workshop LAN), --workspace DIR (projects,
 * traces and exports stay inside it; default the current directory), --data DIR (history,
 * autosave, connections; default the per-user data directory), --static DIR (default
 * dist/renderer), --allow-host NAME (another name the server is reached by, e.g. a LAN DNS name;
 * repeatable), --allow-password-env NAME (an environment variable a Redis connection may send as
 * its password; repeatable, added to KEYSPACE_ALLOW_PASSWORD_ENV's comma list; default none),
 * --max-runs N (runs at once in the room; default the machine's cores, at least 2), --runs-per-person N
 * (default 2), --no-open. Over either run limit a run waits its turn. The trainer's link and the
 * participants' join link are kept in the data directory: both survive a restart.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allowedPasswordEnvNames } from '../../simulator/node/redis';
import { defaultDataDir } from '../../simulator/node/data-dir';
import { defaultRunLimits } from '../host';
import { DEFAULT_PORT, startServer } from './server';

const USAGE = 'usage: npm run serve -- [--port 5174] [--host 127.0.0.1|0.0.0.0] [--workspace DIR] [--data DIR] [--static DIR] [--allow-host NAME]… [--allow-password-env NAME]… [--max-runs N] [--runs-per-person N] [--no-open]';

function openInBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // no opener here: the printed URL is enough
    child.unref();
  } catch {
    // As above.
  }
}

/** `url` with its host replaced by each LAN address of this machine. */
function lanUrls(url: string): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => list ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => {
      const lan = new URL(url);
      lan.hostname = address.address;
      return lan.toString();
    });
}

function countOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${flag} ${value}: expected a whole number from 1 to 1000`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, workspace: { type: 'string' }, data: { type: 'string' },
        static: { type: 'string' }, 'allow-host': { type: 'string', multiple: true },
        'allow-password-env': { type: 'string', multiple: true }, 'max-runs': { type: 'string' }, 'runs-per-person': { type: 'string' }, 'no-open': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port ${values.port}: expected a port number 0–65535\n${USAGE}`);
    return 2;
  }
  let allowPasswordEnv: string[];
  let runLimits: { total: number; perPerson: number };
  try {
    allowPasswordEnv = allowedPasswordEnvNames(values['allow-password-env'] ?? [], process.env, '--allow-password-env');
    const defaults = defaultRunLimits();
    runLimits = { total: countOption(values['max-runs'], '--max-runs', defaults.total), perPerson: countOption(values['runs-per-person'], '--runs-per-person', defaults.perPerson) };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  const dataDir = resolve(values.data ?? defaultDataDir());
  const workspaceDir = resolve(values.workspace ?? process.cwd());
  const staticDir = resolve(values.static ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url)));
  mkdirSync(dataDir, { recursive: true });
  let server;
  try {
    const bundledWorker = fileURLToPath(new URL('../../dist/electron/run-worker.cjs', import.meta.url));
    const workerFile = existsSync(bundledWorker) ? bundledWorker : undefined;
    server = await startServer({ staticDir, host, port, dataDir, workspaceDir, workerFile, allowedHosts: values['allow-host'] ?? [], allowPasswordEnv, runLimits });
  } catch (error) {
    console.error(`Keyspace Workbench (browser mode) could not start: ${(error as Error).message}`);
    return 1;
  }
  if (server.fellBack) console.log(`Port ${port} is busy; using ${server.port} instead.`);
  console.log(`Keyspace Workbench (browser mode): ${server.url}`);
  console.log('  (the trainer\'s link: your own workspace and history; keep it to yourself)');
  const lan = host === '0.0.0.0' || host === '::';
  if (server.joinUrl) {
    console.log(`Participants join at: ${server.joinUrl}`);
    for (const url of lan ? lanUrls(server.joinUrl) : []) console.log(`  on the LAN: ${url}`);
    console.log(`  join code: ${server.room?.store.joinCode} · each gets their own workspace, history and connections`);
  }
  console.log(`Runs: ${runLimits.total} at once in the room, ${runLimits.perPerson} per person; more wait their turn.`);
  if (lan) {
    console.log('WARNING: serving every network interface. Anyone on this network who has the token or the join');
    console.log('code can run designs, write files inside the workspace and start redis-servers on this machine.');
    for (const url of lanUrls(server.url)) console.log(`  trainer on the LAN: ${url}`);
  }
  console.log(allowPasswordEnv.length === 0
    ? 'Redis passwords: no environment variable may be sent (allow one with --allow-password-env NAME).'
    : `Redis passwords: only ${allowPasswordEnv.join(', ')} may be sent, to any server a user of this page names.`);
  console.log(`workspace: ${workspaceDir}\ndata:      ${dataDir}\nCtrl+C stops the server (and any redis-server it started).`);
  if (!values['no-open']) openInBrowser(server.url);

  // The handlers stay installed until the end: the managed servers' exit hooks stand back only
  // while someone else listens (see simulator/node/redis/orphan-guard.ts). A second signal forces.
  let signals = 0;
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      if (++signals > 1) process.exit(130);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('stopping…');
  await server.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
