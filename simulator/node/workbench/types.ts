/**
 * The workbench services' inputs and outputs as plain types. They mirror the WorkbenchApi contract
 * (electron/common/contract.ts) structurally: simulator/node may not import electron/, so the
 * hosts (electron/main, electron/serve) check the fit at compile time where they wire these in.
 */

export type Mode = 'electron' | 'browser';

export interface ProjectDoc {
  path: string | null;
  presetId: string | null;
  name: string;
  text: string;
}

export interface PresetInfo {
  id: string;
  name: string;
  description: string;
  story: string;
  hasPubsub: boolean;
}

export interface RecentEntry {
  /** The design file; null for a preset (reopened by presetId). */
  path: string | null;
  presetId: string | null;
  name: string;
  openedAt: string;
}

/** An autosaved design with its slot (path, `preset:<id>` or `draft:<id>`) and when it was written. */
export interface AutosavedDoc extends ProjectDoc {
  key: string;
  savedAt: string;
}

/** `exists`: the file is there and overwrite was not asked for; nothing was written. */
export interface SaveResult {
  status: 'saved' | 'exists';
  path: string;
}

export type EngineChoice = 'sim' | 'managed' | 'managed-cluster' | 'connection' | 'fidelity';

export interface StartRunInput {
  text: string;
  label?: string;
  environment?: string;
  seed?: number;
  requests?: number;
  engine?: EngineChoice;
  connectionId?: string;
  set?: string[];
  tracePath?: string;
}

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface RunSummary {
  runId: string;
  label: string;
  designName: string;
  environment: string;
  engine: EngineChoice;
  status: RunStatus;
  startedAt: string;
  hitRatio: number | null;
  p95Ms: number | null;
  error: string | null;
}

/** A RunResult as plain JSON (it crossed a worker boundary and may be read back from disk). */
export type RunResultJson = {
  version: 1;
  engine: 'sim' | 'live';
  requests: number;
  partial: boolean;
  cache: { hits: number; misses: number; hitRatio: number; [key: string]: unknown };
  latency: { p50Ms: number; p95Ms: number; p99Ms: number; [key: string]: unknown };
  namespaces: Array<{ name: string; [key: string]: unknown }>;
  series: Array<{ tMs: number; [key: string]: unknown }>;
  [key: string]: unknown;
};

export type FidelityJson = { sim: RunResultJson; live: RunResultJson; diff: Record<string, unknown>; [key: string]: unknown };

export interface RunRecord {
  summary: RunSummary;
  result: RunResultJson | null;
  fidelity: FidelityJson | null;
}

export interface Progress {
  done: number;
  total: number;
  phase: string;
  tMs: number;
  etaMs: number | null;
}

export interface Connection {
  id: string;
  name: string;
  url: string;
  passwordEnv?: string;
  allowNonEmpty: boolean;
  /** Run even where the server could evict keys the run does not own (it still stops at the first such eviction). */
  allowEvictionRisk: boolean;
}
export type ConnectionInput = Omit<Connection, 'allowNonEmpty' | 'allowEvictionRisk'> & { allowNonEmpty?: boolean; allowEvictionRisk?: boolean };

export interface ManagedServerInfo {
  id: string;
  kind: 'single' | 'cluster';
  url: string;
  pid: number | null;
  version: string;
}

export interface ExportFilePreview {
  path: string;
  language: string;
  text: string;
}

export interface CurveJson {
  points: Array<{ maxmemoryBytes: number; hitRatio: number }>;
  workingSetBytes: number;
  memoryFor: Array<{ hitRatio: number; maxmemoryBytes: number | null }>;
}

export interface AppInfo {
  version: string;
  mode: Mode;
  redisServer: { found: boolean; version: string | null; message: string };
  docker: { available: boolean; message: string };
}

export type MenuCommand = 'new' | 'open' | 'save' | 'saveAs' | 'run' | 'stop' | 'export' | 'undo' | 'redo';

/** Every event the services (or the host around them) emit, with its payload. */
export interface WorkbenchEventMap {
  onDidRunProgress: { runId: string; progress: Progress };
  onDidRunSnapshot: { runId: string; snapshot: { tMs: number; [key: string]: unknown } };
  onDidRunEnd: { runId: string; summary: RunSummary };
  onDidOpenFile: { kind: 'design' | 'trace'; path: string };
  onDidMenuCommand: { command: MenuCommand; path?: string };
}
export type WorkbenchEventName = keyof WorkbenchEventMap;

/** Receives every event; returns nothing. */
export type EventListener = <E extends WorkbenchEventName>(event: E, payload: WorkbenchEventMap[E]) => void;

type Ok = { ok: true };

/** One async method per contract method, with the contract's name. */
export interface WorkbenchMethods {
  getAppInfo(input?: Record<string, never>): Promise<AppInfo>;
  listPresets(input?: Record<string, never>): Promise<PresetInfo[]>;
  openPreset(input: { id: string }): Promise<ProjectDoc>;
  newProject(input?: Record<string, never>): Promise<ProjectDoc>;
  openProject(input: { path: string }): Promise<ProjectDoc>;
  saveProject(input: { path: string; text: string; overwrite?: boolean }): Promise<SaveResult>;
  listRecent(input?: Record<string, never>): Promise<RecentEntry[]>;
  autosave(input: { key: string; text: string; path: string | null; presetId?: string | null }): Promise<Ok>;
  recoverAutosave(input?: { key?: string }): Promise<AutosavedDoc | null>;
  listAutosaves(input?: Record<string, never>): Promise<Array<Omit<AutosavedDoc, 'text'>>>;
  startRun(input: StartRunInput): Promise<{ runId: string }>;
  cancelRun(input: { runId: string }): Promise<Ok>;
  listRuns(input?: Record<string, never>): Promise<RunSummary[]>;
  getRun(input: { runId: string }): Promise<RunRecord>;
  missRatioCurve(input: { text: string; environment?: string }): Promise<CurveJson>;
  uploadTrace(input: { name: string; content: string }): Promise<{ path: string }>;
  listConnections(input?: Record<string, never>): Promise<Connection[]>;
  saveConnection(input: ConnectionInput): Promise<Connection>;
  testConnection(input: { url: string; passwordEnv?: string }): Promise<{ ok: boolean; message: string; version: string | null }>;
  startManagedServer(input: { kind: 'single' | 'cluster'; shards?: number }): Promise<ManagedServerInfo>;
  stopManagedServer(input: { id: string }): Promise<Ok>;
  listManagedServers(input?: Record<string, never>): Promise<ManagedServerInfo[]>;
  previewExport(input: { text: string; environment?: string }): Promise<ExportFilePreview[]>;
  saveExport(input: { text: string; environment?: string; directory: string }): Promise<{ written: string[] }>;
}

export interface WorkbenchServices extends WorkbenchMethods {
  /** Subscribes to every event; returns the unsubscriber. */
  subscribe(listener: EventListener): () => void;
  /** Cancels runs, ends workers, stops every managed redis-server. Idempotent. */
  dispose(): Promise<void>;
}

export interface WorkbenchServicesOptions {
  /** Where the preset YAML files are. */
  presetsDir: string;
  /** Config, recent list, autosave, connections, traces and run history live here. */
  dataDir: string;
  /** Browser mode: every project, trace and export path must stay inside it. Electron: the base of relative paths. */
  workspaceDir?: string;
  mode: Mode;
  /** Wall-clock milliseconds since the epoch, for timestamps (tests pass a fixed clock). */
  clock: () => number;
  /** The app's version for getAppInfo (default: the repository's package.json). */
  version?: string;
  /**
   * The run worker as a plain JS file (the packaged app's bundled `run-worker.cjs`). Without it,
   * the TypeScript worker is started through tsx's loader (development, browser mode, tests).
   */
  workerFile?: string;
  /** redis-server for managed servers (default: KEYSPACE_REDIS_SERVER, then PATH). */
  redisServerPath?: string;
  /** Run records kept (default 50). */
  historyLimit?: number;
  /** Environment for tool lookup and for the values of the allowed password variables (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * The environment variables a connection's passwordEnv may name, decided by whoever started the
   * host (`npm run serve -- --allow-password-env NAME`, the desktop app's switch); default none.
   * No request can change it: a passwordEnv outside it is refused before anything is sent.
   */
  allowPasswordEnv?: readonly string[];
}
