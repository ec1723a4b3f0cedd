/**
 * The services behind the UI, one async method per WorkbenchApi method, plus the event hub. The
 * Electron main process and the browser-mode server both wrap this object; neither adds logic.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ALLOW_PASSWORD_ENV_VARIABLE, passwordEnvOf } from '../../simulator/node/redis';
import type { PasswordEnvPolicy } from '../../simulator/node/redis';
import { appInfo, packageVersion } from './app-info';
import { Connections } from './connections';
import { ServiceError } from './errors';
import { EventHub } from './events';
import { previewExport, saveExport } from './exports';
import type { ReportRuns } from './exports';
import { isInside, resolveUserPath } from './files';
import { ManagedServers } from './managed';
import { Presets } from './presets';
import { Recordings } from './recordings';
import { Projects } from './projects';
import { Runs } from './runs';
import { TraceUploads } from './trace-uploads';
import type { Mode } from '../common';
import type { WorkbenchServices, WorkbenchServicesOptions } from './types';

const OK = { ok: true } as const;

/** A trace name made safe as a file name: letters, digits, dot, dash and underscore. */
export function safeTraceName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned === '' ? 'trace.txt' : cleaned;
}

/** How whoever starts each host allows another password variable (for refusal messages). */
const HOW_TO_ALLOW: Readonly<Record<Mode, string>> = {
  browser: `restart browser mode with npm run serve -- --allow-password-env NAME (or ${ALLOW_PASSWORD_ENV_VARIABLE}=NAME)`,
  electron: `restart the app with --allow-password-env=NAME (npm start -- --allow-password-env=NAME) or with ${ALLOW_PASSWORD_ENV_VARIABLE}=NAME in its environment`,
};

export function createWorkbenchServices(options: WorkbenchServicesOptions): WorkbenchServices {
  const env = options.env ?? process.env;
  const browser = options.mode === 'browser';
  const base = resolve(options.workspaceDir ?? process.cwd());
  const root = browser ? base : undefined;
  const tracesDir = join(options.dataDir, 'traces');
  const events = new EventHub();
  const presets = new Presets(options.presetsDir);
  const projects = new Projects({ dataDir: options.dataDir, root, base, clock: options.clock });
  const passwordPolicy: PasswordEnvPolicy = { allowed: [...(options.allowPasswordEnv ?? [])], howToAllow: HOW_TO_ALLOW[options.mode] };
  // Only the allowed variables' values ever leave this function, and only for connections.
  const connections = new Connections(options.dataDir, () => passwordEnvOf(passwordPolicy, env));
  const managed = new ManagedServers({ redisServerPath: options.redisServerPath, env });
  const uploads = new TraceUploads(tracesDir, options.clock, options.traceQuota);
  let version = options.version;

  async function tracePath(given: string): Promise<string> {
    let path: string;
    if (browser && isInside(resolve(tracesDir), resolve(tracesDir, given))) path = resolve(tracesDir, given);
    else path = resolveUserPath(given, { root, base, what: 'The trace path' });
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new ServiceError('not-found', `No trace file at ${path}`);
    return path;
  }

  const recordings = new Recordings({ tracePath, uploads });
  const runs = new Runs({
    dataDir: options.dataDir, clock: options.clock, events, historyLimit: options.historyLimit ?? 50,
    worker: { workerFile: options.workerFile, env }, redisServerPath: options.redisServerPath,
    connection: (id) => connections.usable(id), tracePath, managedTarget: (engine, input) => managed.runTarget(engine, input),
    shared: options.room && { queue: options.room.queue, pool: options.room.pool, owner: options.room.participant?.id ?? 'trainer' },
  });
  let disposed: Promise<void> | undefined;

  /** The chosen runs of a review report, and the design's miss-ratio curve when asked for. */
  async function reportRuns(text: string, environment: string | undefined, runIds: ReadonlyArray<string> | undefined, curve: boolean | undefined): Promise<ReportRuns> {
    const chosen = await runs.reportRuns(runIds);
    return curve ? { ...chosen, curve: await runs.curve(text, environment) } : chosen;
  }

  return {
    subscribe: (listener) => {
      const off = [events.subscribe(listener), options.room?.subscribe?.(listener)];
      return () => off.forEach((unsubscribe) => unsubscribe?.());
    },
    dispose: () => (disposed ??= Promise.all([runs.dispose(), managed.dispose()]).then(() => undefined)),

    getAppInfo: async () => ({
      ...await appInfo({ version: (version ??= packageVersion()), mode: options.mode, redisServerPath: options.redisServerPath, env }),
      ...(options.room?.participant ? { participant: options.room.participant } : {}),
      ...(options.room?.board ? { room: true } : {}),
    }),
    listPresets: () => presets.list(),
    openPreset: async ({ id }) => {
      const doc = await presets.open(id);
      await projects.remember({ path: null, presetId: id, name: doc.name });
      return doc;
    },
    newProject: async () => projects.newProject(),
    openProject: ({ path }) => projects.open(path),
    readProject: ({ path }) => projects.open(path, false),
    saveProject: ({ path, text, overwrite }) => projects.save(path, text, overwrite),
    listRecent: () => projects.recent(),
    autosave: async ({ key, text, path, presetId }) => {
      await projects.autosave(key, text, path, presetId ?? null);
      return OK;
    },
    recoverAutosave: (input) => projects.recover(input?.key),
    listAutosaves: () => projects.listAutosaves(),

    startRun: (input) => runs.start(input),
    cancelRun: async ({ runId }) => {
      await runs.cancel(runId);
      return OK;
    },
    listRuns: () => runs.list(),
    getRun: ({ runId }) => runs.get(runId),
    renameRun: ({ runId, label }) => runs.rename(runId, label),
    deleteRun: async ({ runId }) => {
      await runs.delete(runId);
      return OK;
    },
    missRatioCurve: ({ text, environment }) => runs.curve(text, environment),
    runCurve: ({ runId }) => runs.runCurve(runId),
    uploadTrace: ({ name, content }) => uploads.write(safeTraceName(name), content),
    profileRecording: ({ path, text }) => recordings.profile(path, text),
    inferRecording: ({ path }) => recordings.infer(path),
    anonymizeRecording: ({ path, salt }) => recordings.anonymize(path, salt),
    readRecording: ({ path }) => recordings.read(path),

    listConnections: () => connections.list(),
    saveConnection: (connection) => connections.save(connection),
    testConnection: ({ url, passwordEnv }) => connections.test(url, passwordEnv),
    startManagedServer: ({ kind, shards }) => managed.start(kind, shards),
    stopManagedServer: async ({ id }) => {
      await managed.stop(id);
      return OK;
    },
    listManagedServers: async () => managed.list(),
    managedServerStats: () => managed.stats(),

    previewExport: async ({ text, environment, runIds, curve }) => previewExport(text, environment, await reportRuns(text, environment, runIds, curve)),
    saveExport: async ({ text, environment, directory, runIds, curve }) => {
      const dir = resolveUserPath(directory, { root, base, what: 'The export directory' });
      return { written: await saveExport(text, environment, dir, await reportRuns(text, environment, runIds, curve)) };
    },

    pushToRoom: async (input) => {
      const push = options.room?.push;
      if (!push) {
        throw new ServiceError('forbidden', options.room?.board
          ? 'Only the trainer can push a design to the room (the link with the token); participants open what the trainer pushes.'
          : 'Pushing a design works in a browser-mode room only (npm run serve).');
      }
      const doc = 'presetId' in input ? await presets.open(input.presetId) : { name: input.name, text: input.text, presetId: null };
      return { delivered: push({ name: doc.name, text: doc.text, presetId: doc.presetId }) };
    },
    roomBoard: () => {
      if (!options.room?.board) throw new ServiceError('unavailable', 'The results board belongs to a browser-mode room (npm run serve).');
      return options.room.board();
    },
  };
}
