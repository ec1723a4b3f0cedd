/**
 * An in-memory WorkbenchApi for UI development only (`vite build --mode fake`): presets from the
 * repository, runs on the pure simulator inside the page, everything else kept in memory. It is
 * never part of a production build; the real host is electron/serve or Electron's main process.
 */
import { presetStory, WorkbenchError } from '../../electron/common';
import type { EventPayload, MethodInput, MethodOutput, WorkbenchApi, WorkbenchEvent } from '../../electron/common';
import { applyOverrides, loadDesign, parseOverride } from '../../simulator/model';
import type { Override } from '../../simulator/model';
import { appCurve, appCurveBudget, compilePlan, plannedRequests, SimulatedEngine } from '../../simulator/run';
import { createTraceReader, inferDesign, sniffTraceFormat, summarizeProfile, TraceProfile } from '../../simulator/trace';

const presetFiles = import.meta.glob('../../presets/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

type Listener = (payload: unknown) => void;
type Record_ = MethodOutput<'getRun'>;

const NEW_DESIGN = `# A new design: one namespace, one data class, steady traffic.
version: 1
name: New design

namespaces:
  - name: items
    pattern: "items:{id}"
    cardinality: 10000
    valueSize: 1kb
    skew: { dist: zipf, alpha: 1.0 }
    dataClass: item

ttlMatrix:
  item:
    dev: { ttl: 30s, jitter: 10% }
    staging: { ttl: 5m, jitter: 10% }
    prod: { ttl: 5m, jitter: 10% }

server:
  maxmemory: 64mb
  maxmemoryPolicy: allkeys-lru

traffic:
  seed: 1
  phases:
    - { name: steady, shape: steady, rate: 1000/s, duration: 2m }
  operations:
    - { namespace: items, op: read, weight: 1 }
`;

export function createFakeHost(): WorkbenchApi {
  const profileOf = (path: string) => {
    const text = files.get(path);
    const bytes = new TextEncoder().encode(text ?? '');
    const format = sniffTraceFormat(bytes);
    if (text === undefined || !format) throw new WorkbenchError('bad-input', `${path}: not a recorded capture the fake host can read`);
    const reader = createTraceReader(format);
    const profile = new TraceProfile(reader.keys);
    profile.add(reader.batch, reader.parse(bytes));
    profile.add(reader.batch, reader.end());
    return { format, profile, text };
  };
  const listeners = new Map<WorkbenchEvent, Set<Listener>>();
  const emit = <E extends WorkbenchEvent>(event: E, payload: EventPayload<E>) => listeners.get(event)?.forEach((l) => l(payload));
  const presets = Object.entries(presetFiles).map(([file, text]) => {
    const id = file.split('/').pop()!.replace(/\.yaml$/, '');
    const loaded = loadDesign(text);
    return {
      id, text,
      info: {
        id, name: loaded.ok ? loaded.design.name : id, description: loaded.ok ? loaded.design.description ?? '' : '',
        story: presetStory(text), hasPubsub: loaded.ok && !!loaded.design.pubsub,
      },
    };
  }).sort((a, b) => a.id.localeCompare(b.id));
  const files = new Map<string, string>();
  const runs = new Map<string, Record_>();
  const cancels = new Map<string, { aborted: boolean }>();
  const autosaved = new Map<string, { key: string; text: string; path: string | null; presetId: string | null; savedAt: string }>();
  let runCounter = 0;

  const compile = (input: MethodInput<'startRun'> | { text: string; environment?: string; set?: string[] }) => {
    const overrides: Override[] = [];
    for (const set of input.set ?? []) {
      const parsed = parseOverride(set);
      if (typeof parsed === 'string') throw new WorkbenchError('bad-input', parsed);
      overrides.push(parsed);
    }
    const applied = applyOverrides(input.text, overrides);
    if (!applied.ok) throw new WorkbenchError('bad-input', applied.error);
    const loaded = loadDesign(applied.text);
    if (!loaded.ok) throw new WorkbenchError('invalid-design', loaded.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n'));
    const seed = 'seed' in input ? input.seed : undefined;
    const requests = 'requests' in input ? input.requests : undefined;
    return { design: loaded.design, plan: compilePlan(loaded.design, { environment: input.environment, seed, requests, snapshotCount: 600 }) };
  };

  const api: Record<string, unknown> = {
    getAppInfo: async () => ({ version: '0.1.0-fake', mode: 'browser', redisServer: { found: false, version: null, message: 'fake host: no redis-server' }, docker: { available: false, message: 'fake host' } }),
    listPresets: async () => presets.map((p) => p.info),
    openPreset: async ({ id }: { id: string }) => {
      const preset = presets.find((p) => p.id === id);
      if (!preset) throw new WorkbenchError('not-found', `no preset "${id}"`);
      return { path: null, presetId: id, name: preset.info.name, text: preset.text };
    },
    newProject: async () => ({ path: null, presetId: null, name: 'New design', text: NEW_DESIGN }),
    openProject: async ({ path }: { path: string }) => {
      const text = files.get(path);
      if (text === undefined) throw new WorkbenchError('not-found', `${path}: no such file`);
      return { path, presetId: null, name: path.split('/').pop() ?? path, text };
    },
    readProject: async ({ path }: { path: string }) => {
      const text = files.get(path);
      if (text === undefined) throw new WorkbenchError('not-found', `${path}: no such file`);
      return { path, presetId: null, name: path.split('/').pop() ?? path, text };
    },
    saveProject: async ({ path, text, overwrite }: { path: string; text: string; overwrite?: boolean }) => {
      if (!overwrite && files.has(path)) return { status: 'exists' as const, path };
      files.set(path, text);
      return { status: 'saved' as const, path };
    },
    listRecent: async () => [...files.keys()].map((path) => ({ path, presetId: null, name: path.split('/').pop() ?? path, openedAt: '2026-01-01T00:00:00.000Z' })),
    autosave: async (input: { key: string; text: string; path: string | null; presetId?: string | null }) => {
      if (input.text === '') autosaved.delete(input.key);
      else autosaved.set(input.key, { ...input, presetId: input.presetId ?? null, savedAt: '2026-01-01T00:00:00.000Z' });
      return { ok: true };
    },
    listAutosaves: async () => [...autosaved.values()].reverse().map(({ text: _text, ...info }) => ({ ...info, name: 'Recovered design' })),
    recoverAutosave: async ({ key }: { key?: string }) => {
      const found = key === undefined ? [...autosaved.values()].pop() : autosaved.get(key);
      return found ? { ...found, name: 'Recovered design' } : null;
    },
    startRun: async (input: MethodInput<'startRun'>) => {
      if (input.engine && input.engine !== 'sim') throw new WorkbenchError('unavailable', `the fake host runs only the simulator (asked: ${input.engine})`);
      const { design, plan } = compile(input);
      const runId = `run-${++runCounter}`;
      const summary = {
        runId, label: input.label ?? `${design.name} #${runCounter}`, designName: design.name, environment: plan.environment,
        engine: 'sim' as const, status: 'running' as const, startedAt: new Date(Date.UTC(2026, 0, 1, 0, runCounter)).toISOString(),
        hitRatio: null, p95Ms: null, error: null,
      };
      runs.set(runId, { summary, result: null, fidelity: null, designText: input.text });
      const signal = { aborted: false };
      cancels.set(runId, signal);
      const engine = new SimulatedEngine({ chunkRequests: 20_000, yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)) });
      setTimeout(() => {
        void engine.run(plan, {
          snapshot: (snapshot) => emit('onDidRunSnapshot', { runId, snapshot }),
          progress: (progress) => emit('onDidRunProgress', { runId, progress: { ...progress, etaMs: null } }),
        }, signal).then((result) => {
          const done = { ...summary, status: result.partial ? 'cancelled' as const : 'done' as const, hitRatio: result.cache.hitRatio, p95Ms: result.latency.p95Ms };
          runs.set(runId, { summary: done, result, fidelity: null, designText: input.text });
          emit('onDidRunEnd', { runId, summary: done });
        });
      }, 0);
      return { runId };
    },
    cancelRun: async ({ runId }: { runId: string }) => {
      const signal = cancels.get(runId);
      if (signal) signal.aborted = true;
      return { ok: true };
    },
    listRuns: async () => [...runs.values()].map((r) => r.summary).reverse(),
    getRun: async ({ runId }: { runId: string }) => {
      const record = runs.get(runId);
      if (!record) throw new WorkbenchError('not-found', `no run "${runId}"`);
      return record;
    },
    renameRun: async ({ runId, label }: { runId: string; label: string }) => {
      const record = runs.get(runId);
      if (!record) throw new WorkbenchError('not-found', `no run "${runId}"`);
      record.summary = { ...record.summary, label: label.trim() };
      return record.summary;
    },
    deleteRun: async ({ runId }: { runId: string }) => {
      if (!runs.delete(runId)) throw new WorkbenchError('not-found', `no run "${runId}"`);
      return { ok: true };
    },
    missRatioCurve: async (input: { text: string; environment?: string }) => {
      // The host's curve, on the page's thread: cut to fewer requests than the host's cap.
      const { design, plan } = compile(input);
      const budget = appCurveBudget(plan, 200_000);
      if (budget === null) return appCurve(plan, null);
      return appCurve(compilePlan(design, { environment: input.environment, requests: budget }), plannedRequests(plan));
    },
    runCurve: async () => {
      throw new WorkbenchError('unavailable', 'the fake host keeps no run\'s design');
    },
    uploadTrace: async ({ name, content }: { name: string; content: string }) => {
      files.set(`/uploads/${name}`, content);
      return { path: `/uploads/${name}` };
    },
    // Recordings: the same pure profile and inference as the host, over the uploaded text (no bounds, no anonymizing).
    profileRecording: async ({ path }: { path: string }) => {
      const { format, profile, text } = profileOf(path);
      const stats = { lines: text.split('\n').length, ignored: 0, malformed: 0 };
      return { path, format, bytes: text.length, ...stats, warning: null, truncated: false, ...summarizeProfile(profile), designMatch: null };
    },
    inferRecording: async ({ path }: { path: string }) => {
      const { format, profile } = profileOf(path);
      return { name: 'inferred', text: inferDesign(profile, { source: path, format }).yaml };
    },
    anonymizeRecording: async () => {
      throw new WorkbenchError('unavailable', 'the fake host does not anonymize');
    },
    readRecording: async ({ path }: { path: string }) => ({ name: path.split('/').pop() ?? path, text: files.get(path) ?? '' }),
    listConnections: async () => [],
    saveConnection: async (connection: unknown) => connection,
    testConnection: async () => ({ ok: false, message: 'the fake host cannot reach Redis', version: null }),
    startManagedServer: async () => {
      throw new WorkbenchError('unavailable', 'the fake host cannot start redis-server');
    },
    stopManagedServer: async () => ({ ok: true }),
    listManagedServers: async () => [],
    managedServerStats: async () => [],
    previewExport: async ({ text }: { text: string }) => {
      const { design } = compile({ text });
      return [
        { path: 'redis.conf', language: 'ini', text: `# ${design.name}\nmaxmemory ${design.server.maxmemory}\nmaxmemory-policy ${design.server.maxmemoryPolicy}\n` },
        { path: 'cache.env', language: 'shell', text: design.namespaces.map((ns) => `CACHE_${ns.name.toUpperCase()}_TTL=${design.ttlMatrix[ns.dataClass].prod.ttl}`).join('\n') },
      ];
    },
    saveExport: async ({ directory }: { directory: string }) => ({ written: [`${directory}/redis.conf`, `${directory}/cache.env`] }),
    pushToRoom: async () => {
      throw new WorkbenchError('forbidden', 'the fake host has no room');
    },
    roomBoard: async () => {
      throw new WorkbenchError('unavailable', 'the fake host has no room');
    },
  };
  for (const event of ['onDidRunQueued', 'onDidRunProgress', 'onDidRunSnapshot', 'onDidRunEnd', 'onDidOpenFile', 'onDidMenuCommand', 'onDidRoomShare', 'onDidRoomBoardChange'] as const) {
    api[event] = (listener: Listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  return api as WorkbenchApi;
}
