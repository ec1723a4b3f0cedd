/**
 * The WorkbenchApi contract: the only door between the UI and its host (Electron main, or the
 * browser-mode server). Every method has a zod schema for its input and output and every event one
 * for its payload; the receiving side validates. Channel names derive from the method names here,
 * never from string literals at call sites.
 */
import { z } from 'zod';
import { IMAGE_REFERENCE, MAX_IMAGE_NAME } from '../../simulator/run/container-image';
import { fidelityReportSchema, runResultSchema, snapshotSchema } from '../../simulator/run/schema';
import { pushInputSchema, roomShareSchema } from './room-facts';
import { runLabelSchema, runProvenanceSchema, targetOutcomeSchema } from './run-facts';
import { RECORDING_METHODS } from './recording';

const text = z.string().max(2 * 1024 * 1024);
const id = z.string().min(1).max(200);

export const designErrorSchema = z.object({ line: z.number(), column: z.number(), path: z.string(), message: z.string() });

export const projectDocSchema = z.object({
  /** Where the project lives on disk; null for a preset copy or a new, unsaved project. */
  path: z.string().nullable(),
  /** Preset the project came from, if any. */
  presetId: z.string().nullable(),
  name: z.string(),
  text,
});
export type ProjectDoc = z.infer<typeof projectDocSchema>;

export const presetInfoSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  /** The comment header of the preset file: the story it tells. */
  story: z.string(),
  hasPubsub: z.boolean(),
});
export type PresetInfo = z.infer<typeof presetInfoSchema>;

export const recentEntrySchema = z.object({
  /** The design file; null for a preset, which reopens by `presetId`. */
  path: z.string().nullable(),
  presetId: z.string().nullable().default(null),
  name: z.string(),
  openedAt: z.string(),
});
export type RecentEntry = z.infer<typeof recentEntrySchema>;

/** Names one design's autosave: its path, `preset:<id>`, or `draft:<id>` for one never saved. */
const autosaveKey = z.string().min(1).max(4200);

/** An autosaved design: the document, its slot and when it was written. */
export const autosavedDocSchema = projectDocSchema.extend({ key: autosaveKey, savedAt: z.string() });
export type AutosavedDoc = z.infer<typeof autosavedDocSchema>;

/**
 * What saveProject did: `saved`, or `exists` when the file is there and `overwrite` was not set
 * (nothing was written; the UI asks before it overwrites).
 */
export const saveResultSchema = z.object({ status: z.enum(['saved', 'exists']), path: z.string() });
export type SaveResult = z.infer<typeof saveResultSchema>;

export const engineChoiceSchema = z.enum(['sim', 'managed', 'managed-cluster', 'container', 'connection', 'fidelity']);
export type EngineChoice = z.infer<typeof engineChoiceSchema>;

/**
 * Masters of a new managed cluster for one run in the app: each is a redis-server process, and the
 * host keeps at most 12 of its own (host/managed.ts); the CLI's --managed-cluster takes up to 16.
 */
export const MAX_RUN_SHARDS = 6;

export const startRunSchema = z.object({
  text,
  label: z.string().max(200).optional(),
  environment: z.string().max(64).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  requests: z.number().int().min(1).max(1e10).optional(),
  engine: engineChoiceSchema.default('sim'),
  /** Saved connection to run on, for engine `connection`. */
  connectionId: id.optional(),
  /** `path=value` overrides, as `keyspace run --set`. */
  set: z.array(z.string().max(500)).max(50).default([]),
  /** A trace on the host (uploaded first in browser mode) replacing the generated traffic: a recorded capture replays on engine `sim` or `managed` (at `speed`, default 1×), a plain key trace on `sim`. */
  tracePath: z.string().optional(),
  /** Live and fidelity runs: the plan's speed, as `--speed` (simulator/run/time-scale.ts); default auto. */
  speed: z.union([z.enum(['auto', 'max']), z.number().positive().max(1e6)]).optional(),
  /** Engine `managed-cluster` on a new cluster: its masters (default 3). */
  shards: z.number().int().min(1).max(MAX_RUN_SHARDS).optional(),
  /** Engines `managed`/`managed-cluster`: run on this running managed server (listManagedServers) instead of a new one. */
  managedServerId: id.optional(),
  /** Engine `container`: the image, run as the official one is (`IMAGE redis-server --name value …`); default redis:7. */
  image: z.string().max(MAX_IMAGE_NAME).regex(IMAGE_REFERENCE, 'an image reference like redis:7 or registry.example.com/team/redis:7.2').optional(),
});
export type StartRunInput = z.input<typeof startRunSchema>;

/** `queued`: waiting for a slot (browser mode's room, or more runs than the app runs at once). */
export const runStatusSchema = z.enum(['queued', 'running', 'done', 'cancelled', 'failed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runSummarySchema = z.object({
  runId: id,
  label: z.string(),
  designName: z.string(),
  environment: z.string(),
  engine: engineChoiceSchema,
  status: runStatusSchema,
  startedAt: z.string(),
  hitRatio: z.number().nullable(),
  p95Ms: z.number().nullable(),
  error: z.string().nullable(),
  /** Absent on records written before runs recorded them. */
  provenance: runProvenanceSchema.optional(),
  /** The design's targets checked against the result (absent until the run has one). */
  targets: z.array(targetOutcomeSchema).optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** One run on a room's results board: who ran it, and its summary's headline facts. */
export const boardRowSchema = runSummarySchema.pick({
  runId: true, designName: true, label: true, engine: true, status: true, startedAt: true, hitRatio: true, p95Ms: true, error: true,
}).extend({
  who: z.object({ id, name: z.string() }),
  /** The design's targets the run met, of how many (null until the run's targets were checked). */
  targetsMet: z.number().int().min(0).nullable(),
  targetsTotal: z.number().int().min(0).nullable(),
});
export type BoardRow = z.infer<typeof boardRowSchema>;

export const roomBoardSchema = z.object({
  /** Participants who joined the room (the trainer not counted). */
  participants: z.number().int().min(0),
  /** The board keeps each person's newest runs, this many. */
  runsPerPerson: z.number().int().min(1),
  /** Newest first. */
  rows: z.array(boardRowSchema),
});
export type RoomBoard = z.infer<typeof roomBoardSchema>;

/**
 * A RunResult and a fidelity report cross the boundary as plain JSON, checked field by field by the
 * RunResult schema, their one definition (simulator/run/schema).
 */
export { fidelityReportSchema, runResultSchema, snapshotSchema };

/** A RunResult as plain JSON (it crossed a worker boundary and may be read back from disk). */
export type RunResultJson = z.infer<typeof runResultSchema>;
export type FidelityJson = z.infer<typeof fidelityReportSchema>;

export const runRecordSchema = z.object({
  summary: runSummarySchema, result: runResultSchema.nullable(), fidelity: fidelityReportSchema.nullable(),
  /** The design the run ran, as YAML with its `--set` overrides applied (absent on records written before runs kept it). */
  designText: text.optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const progressSchema = z.object({ done: z.number(), total: z.number(), phase: z.string(), tMs: z.number(), etaMs: z.number().nullable() });
export type Progress = z.infer<typeof progressSchema>;

export const connectionSchema = z.object({
  id,
  name: z.string().min(1).max(100),
  /** redis://, rediss://, unix://, redis-sentinel://, cluster:// — never with a password in it. */
  url: z.string().min(1).max(2000),
  /** Environment variable holding the password; secrets never enter the design or this record. */
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
  allowNonEmpty: z.boolean().default(false),
  /** Run even where the server could evict keys the run does not own (the run still stops at the first such eviction). */
  allowEvictionRisk: z.boolean().default(false),
});
export type Connection = z.infer<typeof connectionSchema>;
/** A connection as saved: the allow… switches default to false. */
export type ConnectionInput = z.input<typeof connectionSchema>;

export const managedServerSchema = z.object({ id, kind: z.enum(['single', 'cluster']), url: z.string(), pid: z.number().nullable(), version: z.string() });
export type ManagedServerInfo = z.infer<typeof managedServerSchema>;
/**
 * A managed server's INFO, summed over its masters (ops/s: instantaneous_ops_per_sec); clients
 * leave out the connection that reads the stats. `error`: INFO failed (the numbers are then 0).
 */
export const managedServerStatsSchema = z.object({
  id, masters: z.number().int(), usedMemoryBytes: z.number(), maxmemoryBytes: z.number(), clients: z.number(),
  opsPerSec: z.number(), keys: z.number(), uptimeSec: z.number(), error: z.string().nullable(),
});
export type ManagedServerStats = z.infer<typeof managedServerStatsSchema>;

export const exportFileSchema = z.object({ path: z.string(), language: z.string(), text: z.string() });
export type ExportFilePreview = z.infer<typeof exportFileSchema>;

const curvePoints = z.array(z.object({ maxmemoryBytes: z.number(), hitRatio: z.number() }));
const memoryFor = z.array(z.object({ hitRatio: z.number(), maxmemoryBytes: z.number().nullable() }));
/** The design's own policy curve (simulator/run/app-curve.ts) and the exact-LRU reference. */
export const curveSchema = z.object({
  policy: z.string(),
  sampleRate: z.number(),
  requests: z.number(),
  cappedFrom: z.number().nullable(),
  points: curvePoints,
  workingSetBytes: z.number(),
  memoryFor,
  reference: z.object({ points: curvePoints, memoryFor }),
});
export type CurveJson = z.infer<typeof curveSchema>;

/** A participant of a browser-mode room: a stable id and the name they gave when they joined. */
export const participantSchema = z.object({ id, name: z.string().min(1).max(60) });
export type Participant = z.infer<typeof participantSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  redisServer: z.object({ found: z.boolean(), version: z.string().nullable(), message: z.string() }),
  docker: z.object({ available: z.boolean(), message: z.string() }),
  /** Browser mode: who this page is in the room (absent for the trainer's token and the desktop app). */
  participant: participantSchema.optional(),
  /** Browser mode's room: the results board is there (and, for the trainer, pushing a design). */
  room: z.boolean().optional(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
export type Mode = AppInfo['mode'];

const none = z.object({}).strict();
/** Runs whose results the review report includes, in this order. */
const runIds = z.array(id).max(20).optional();
const ok = z.object({ ok: z.literal(true) });

/** Every method: its input and output schema. The key is the method name and the channel. */
export const WORKBENCH_METHODS = {
  getAppInfo: { input: none, output: appInfoSchema },
  listPresets: { input: none, output: z.array(presetInfoSchema) },
  openPreset: { input: z.object({ id }).strict(), output: projectDocSchema },
  newProject: { input: none, output: projectDocSchema },
  openProject: { input: z.object({ path: z.string().min(1) }).strict(), output: projectDocSchema },
  /** Reads a design file without opening it (no Recent entry): the design diff's other side. */
  readProject: { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: projectDocSchema },
  saveProject: { input: z.object({ path: z.string().min(1), text, overwrite: z.boolean().default(false) }).strict(), output: saveResultSchema },
  listRecent: { input: none, output: z.array(recentEntrySchema) },
  /** Writes the design's own autosave slot; an empty text clears it. */
  autosave: { input: z.object({ key: autosaveKey, text, path: z.string().nullable(), presetId: z.string().nullable().default(null) }).strict(), output: ok },
  /** That slot's autosave (or, without a key, the newest) when it differs from the file on disk; else null. */
  recoverAutosave: { input: z.object({ key: autosaveKey.optional() }).strict(), output: autosavedDocSchema.nullable() },
  /** Every autosave holding unsaved work (newest first), without its text: the Start view lists them. */
  listAutosaves: { input: none, output: z.array(autosavedDocSchema.omit({ text: true })) },
  startRun: { input: startRunSchema, output: z.object({ runId: id }) },
  cancelRun: { input: z.object({ runId: id }).strict(), output: ok },
  listRuns: { input: none, output: z.array(runSummarySchema) },
  getRun: { input: z.object({ runId: id }).strict(), output: runRecordSchema },
  renameRun: { input: z.object({ runId: id, label: runLabelSchema }).strict(), output: runSummarySchema },
  /** Deletes a finished run from the history (a running one must be stopped first). */
  deleteRun: { input: z.object({ runId: id }).strict(), output: ok },
  missRatioCurve: { input: z.object({ text, environment: z.string().optional() }).strict(), output: curveSchema },
  /** The miss-ratio curve of the design a run ran (its overrides, seed and budget), whatever design is open now. */
  runCurve: { input: z.object({ runId: id }).strict(), output: curveSchema },
  uploadTrace: { input: z.object({ name: z.string().min(1).max(200), content: z.string().max(64 * 1024 * 1024) }).strict(), output: z.object({ path: z.string() }) },
  listConnections: { input: none, output: z.array(connectionSchema) },
  saveConnection: { input: connectionSchema, output: connectionSchema },
  testConnection: { input: z.object({ url: z.string().min(1), passwordEnv: z.string().optional() }).strict(), output: z.object({ ok: z.boolean(), message: z.string(), version: z.string().nullable() }) },
  startManagedServer: { input: z.object({ kind: z.enum(['single', 'cluster']), shards: z.number().int().min(1).max(16).optional() }).strict(), output: managedServerSchema },
  stopManagedServer: { input: z.object({ id }).strict(), output: ok },
  listManagedServers: { input: none, output: z.array(managedServerSchema) },
  /** Live stats of every managed server (read at most once a second; callers poll). */
  managedServerStats: { input: none, output: z.array(managedServerStatsSchema) },
  /** `curve`: the report shows the design's miss-ratio curve (as missRatioCurve computes it), its runs marked. */
  previewExport: { input: z.object({ text, environment: z.string().optional(), runIds, curve: z.boolean().optional() }).strict(), output: z.array(exportFileSchema) },
  saveExport: { input: z.object({ text, environment: z.string().optional(), directory: z.string().min(1), runIds, curve: z.boolean().optional() }).strict(), output: z.object({ written: z.array(z.string()) }) },
  /** The room's trainer only: sends a preset or a design to every participant's open tabs (how many got it). */
  pushToRoom: { input: pushInputSchema, output: z.object({ delivered: z.number().int().min(0) }) },
  /** The room's newest runs, everyone's, side by side. */
  roomBoard: { input: none, output: roomBoardSchema },
  ...RECORDING_METHODS,
} as const;

/** Every event the host sends: its payload schema. Names follow VS Code's onDid… convention. */
export const WORKBENCH_EVENTS = {
  /** A queued run's place in line (1 = next), sent whenever it changes; 0 when it leaves the line to start. */
  onDidRunQueued: z.object({ runId: id, position: z.number().int().min(0) }),
  onDidRunProgress: z.object({ runId: id, progress: progressSchema }),
  onDidRunSnapshot: z.object({ runId: id, snapshot: snapshotSchema }),
  onDidRunEnd: z.object({ runId: id, summary: runSummarySchema }),
  /** The trainer pushed a design to the room (participants only). */
  onDidRoomShare: roomShareSchema,
  /** A run in the room was queued, started or ended: the board is out of date. */
  onDidRoomBoardChange: z.object({}),
  onDidOpenFile: z.object({ kind: z.enum(['design', 'trace']), path: z.string() }),
  /**
   * A menu command. The desktop app shows the native dialog first where one is needed: `saveAs`
   * carries the chosen file and `export` the chosen directory in `path` (absent: the UI asks).
   * `saveAndClose`: Save was chosen in the desktop window's close prompt; the page saves, then closes.
   */
  onDidMenuCommand: z.object({ command: z.enum(['new', 'open', 'save', 'saveAs', 'run', 'stop', 'export', 'undo', 'redo', 'saveAndClose']), path: z.string().optional() }),
} as const;

export type WorkbenchMethod = keyof typeof WORKBENCH_METHODS;
export type WorkbenchEvent = keyof typeof WORKBENCH_EVENTS;
export type MethodInput<M extends WorkbenchMethod> = z.input<(typeof WORKBENCH_METHODS)[M]['input']>;
export type MethodOutput<M extends WorkbenchMethod> = z.infer<(typeof WORKBENCH_METHODS)[M]['output']>;
export type EventPayload<E extends WorkbenchEvent> = z.infer<(typeof WORKBENCH_EVENTS)[E]>;
export type MenuCommand = EventPayload<'onDidMenuCommand'>['command'];

/** Unsubscribes an event listener. */
export type Disposable = () => void;

/** The API as the UI sees it: one async method per contract method, one subscriber per event. */
export type WorkbenchApi = {
  [M in WorkbenchMethod]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
} & {
  [E in WorkbenchEvent]: (listener: (payload: EventPayload<E>) => void) => Disposable;
};

export const METHOD_NAMES = Object.keys(WORKBENCH_METHODS) as WorkbenchMethod[];
export const EVENT_NAMES = Object.keys(WORKBENCH_EVENTS) as WorkbenchEvent[];

/** IPC channel of a method or event (Electron); browser mode uses /api/<method> and event names. */
export function channelOf(name: WorkbenchMethod | WorkbenchEvent): string {
  return `workbench:${name}`;
}
