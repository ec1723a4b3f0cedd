/** The live engine's result details and what a session gives a run (the parts share them). */
import type { CancelSignal, CommandLatency, LiveCommand, LiveGap, LiveRunDetails, LiveRunResult, RunPlan, RunSink } from '../../run';
import { LIVE_COMMANDS } from '../../run';
import type { InfoSample } from './info';
import type { SendOrder } from './sequencer';
import type { KeyCodec } from './keys';
import type { CommandPipe } from './pipe';
import type { ReplyListener } from './resp-pipeline';
import type { ValueSource } from './values';

/** Commands with a client-side latency histogram (their list is part of the RunResult schema). */
export { LIVE_COMMANDS };
export type { LiveCommand };
export const CMD_GET = 0;
export const CMD_SET = 1;
export const CMD_DEL = 2;
export const CMD_UNLINK = 3;
export const CMD_SCAN = 4;

/** Histograms hold microseconds. */
export const US_PER_MS = 1000;

// The live parts of a RunResult are defined by its schema (simulator/run/schema/live.ts).
export type { CommandLatency, LiveGap, LiveRunDetails, LiveRunResult };

/** The details the session knows before its run measured anything (the rest the run measures). */
export type SessionDetails = Omit<LiveRunDetails, 'pacing' | 'commands' | 'gaps' | 'errors' | 'clientHits' | 'clientMisses' | 'serverRestarts' | 'infoSamples' | 'pipelineDepth' | 'clientMemoryBytes' | 'clientMemoryMeanBytes' | 'baselineMemoryBytes' | 'baselineClientMemoryBytes'>;

/** A pattern delete's outcome: keys deleted and their bytes without the run prefix. */
export interface NamespaceDeletion {
  count: number;
  keyBytes: number;
}

/** What the engine gives a run: connections, the server's state and how to reach it again. */
export interface LiveRunContext {
  plan: RunPlan;
  keys: KeyCodec;
  values: ValueSource;
  pipe: CommandPipe;
  /** Opens a new data pipe after a drop (throws when it cannot). */
  reconnect(listener: ReplyListener): Promise<CommandPipe>;
  /** INFO of the run's server(s), parsed. */
  sampleInfo(): Promise<InfoSample>;
  /** SCAN MATCH + UNLINK of a namespace's keys (a pattern delete due at plan time `atMs`). */
  deleteNamespace(ns: number, atMs: number, timeCommand: (command: number, ms: number) => void): Promise<NamespaceDeletion>;
  /** Set when the server is known to be gone for good (a managed process that exited). */
  serverGone(): string | null;
  describe: string;
  clock: () => number;
  speed: number | 'max';
  pipelineDepth: number;
  commandTimeoutMs: number;
  reconnectDeadlineMs: number;
  sink: RunSink;
  signal: CancelSignal;
  firstInfo: InfoSample;
  /** How long loads and invalidations still scheduled after the last request are awaited (plan ms; default 30 s). */
  tailMs?: number;
  /** How far reads may overtake unanswered ones (sequencer.ts; default 'key'). */
  order?: SendOrder;
}
