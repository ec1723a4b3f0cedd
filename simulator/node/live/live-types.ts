/** The live engine's result details and what a session gives a run (the parts share them). */
import type { CancelSignal, RunPlan, RunResult, RunSink } from '../../run';
import type { RedisErrorCode } from '../redis';
import type { InfoSample } from './info';
import type { SendOrder } from './sequencer';
import type { KeyCodec } from './keys';
import type { CommandPipe } from './pipe';
import type { ReplyListener } from './resp-pipeline';
import type { ValueSource } from './values';

/** Commands with a client-side latency histogram. */
export const LIVE_COMMANDS = ['GET', 'SET', 'DEL', 'UNLINK', 'SCAN'] as const;
export type LiveCommand = (typeof LIVE_COMMANDS)[number];
export const CMD_GET = 0;
export const CMD_SET = 1;
export const CMD_DEL = 2;
export const CMD_UNLINK = 3;
export const CMD_SCAN = 4;

/** Histograms hold microseconds. */
export const US_PER_MS = 1000;

/** Client-side latency of one command type. */
export interface CommandLatency {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

/** A stretch of the run without a working data connection. */
export interface LiveGap {
  /** Plan time the connection dropped (ms). */
  startMs: number;
  /** Plan time it worked again, or null when it never did. */
  endMs: number | null;
  reason: string;
  /** Requests whose time came while the connection was down (not sent). */
  droppedRequests: number;
  /** Loads, invalidations and SETs that fell due meanwhile (not sent). */
  droppedCommands: number;
}

/** Live-only details of a result, next to the RunResult fields both engines share. */
export interface LiveRunDetails {
  target: string;
  managed: boolean;
  serverVersion: string;
  /** Prefix of every run key ('' on a managed server). */
  prefix: string;
  db: number;
  pipeline: 'resp' | 'ioredis';
  pipelineDepth: number;
  /** How far behind its schedule requests went out (0 at speed 'max'). */
  pacing: { lagP50Ms: number; lagP99Ms: number; lagMaxMs: number; lateRequests: number; achievedRequestsPerSec: number; commandsPerSec: number };
  commands: Record<LiveCommand, CommandLatency>;
  gaps: LiveGap[];
  /** Error replies and lost commands by classified code. */
  errors: Record<string, number>;
  /** Hits and misses as the client saw them (GET replies); INFO's may include other clients. */
  clientHits: number;
  clientMisses: number;
  serverRestarts: number;
  infoSamples: number;
  /** mem_clients_normal at the end: client buffers inside used_memory (the run's own connections, mostly). */
  clientMemoryBytes: number;
  /** mem_clients_normal averaged over the run's INFO samples. */
  clientMemoryMeanBytes: number;
  /** used_memory before the first request (connections open, no keys of the run yet). */
  baselineMemoryBytes: number;
  /** mem_clients_normal before the first request. */
  baselineClientMemoryBytes: number;
  configChanged: Array<{ name: string; oldValue: string }>;
  configRestored: boolean;
  keysDeleted: number;
  /** Keys the run did not write that the server evicted while the run watched (keyspace-events.ts). */
  foreignKeysEvicted: number;
  /** The time scale the run used: N (every time in the plan divided by N) or 'max' (time-scale.ts). */
  speed: number | 'max';
}

/** The details the session knows before its run measured anything (the rest the run measures). */
export type SessionDetails = Omit<LiveRunDetails, 'pacing' | 'commands' | 'gaps' | 'errors' | 'clientHits' | 'clientMisses' | 'serverRestarts' | 'infoSamples' | 'pipelineDepth' | 'clientMemoryBytes' | 'clientMemoryMeanBytes' | 'baselineMemoryBytes' | 'baselineClientMemoryBytes'>;

/** What the live engine returns: a RunResult (engine 'live') plus live details and any failure. */
export interface LiveRunResult extends RunResult {
  engine: 'live';
  live: LiveRunDetails;
  /** Why the run could not start or stopped early, classified. */
  error?: { code: RedisErrorCode; message: string };
}

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
