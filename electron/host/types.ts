/**
 * The workbench services as a whole: the contract's methods (electron/common, the single
 * definition of every payload) plus what the hosts around them need — events, disposal, options.
 */
import type { EventPayload, HostHandlers, Mode, Participant, RoomBoard, RoomShare, WorkbenchEvent } from '../common';
import type { RunQueue } from './run-queue';
import type { TraceQuota } from './trace-uploads';
import type { WorkerPool } from './worker-start';

/** Every event the services (or the host around them) emit, with its payload. */
export type WorkbenchEventMap = { [E in WorkbenchEvent]: EventPayload<E> };

/** Receives every event; returns nothing. */
export type EventListener = <E extends WorkbenchEvent>(event: E, payload: WorkbenchEventMap[E]) => void;

/** One async method per contract method, with the contract's name and types. */
export type WorkbenchMethods = HostHandlers;

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
  /**
   * Browser mode's room: the run queue and warm workers everyone's services share, and whose
   * services these are (getAppInfo tells the page; none: the trainer's). Default: their own queue.
   * `board` gathers the room's runs; `push` (the trainer's only) sends a design to every
   * participant and says how many open tabs got it; `subscribe` adds the room's events to these
   * services' own.
   */
  room?: {
    queue: RunQueue;
    pool: WorkerPool;
    participant?: Participant;
    board?: () => Promise<RoomBoard>;
    push?: (share: Omit<RoomShare, 'sharedAt'>) => number;
    subscribe?: (listener: EventListener) => () => void;
  };
  /** What uploaded traces may keep (default 512 MB, 200 files, no room budget). */
  traceQuota?: TraceQuota;
}
