/**
 * `keyspace replay <trace>`: two passes over the file, each in fixed-size chunks. The first interns
 * the keys and finds the time span (and, without a design, profiles the traffic to infer one); the
 * second feeds the records to the simulator or to a managed redis-server. Memory is per key, not
 * per record, so multi-GB traces replay in constant memory for the text.
 */
import type { Design } from '../../model';
import { compilePlan } from '../../run';
import type { RunPlan, RunProgress, RunResult, RecordingSummary } from '../../run';
import { inferDesign, RecordedKeys, TraceProfile } from '../../trace';
import type { CsvOptions, ReaderStats, TraceFormat } from '../../trace';
import { readTraceFile, TraceFileError } from '../trace';
import { engineFor } from '../engine-for';
import type { Recording } from './recorded-engine';

export interface ReplayFileOptions {
  /** The design whose namespaces and server settings apply; inferred from the trace when omitted. */
  design?: Design;
  engine?: 'sim' | 'live';
  /** Recorded time divided by this for the live engine (Infinity: as fast as possible). */
  speed?: number;
  cacheAside?: boolean;
  format?: TraceFormat;
  csv?: CsvOptions;
  maxMalformedShare?: number;
  environment?: string;
  seed?: number;
  /** Server settings applied to an inferred design (`maxmemory`, `maxmemoryPolicy`). */
  server?: Partial<Pick<Design['server'], 'maxmemory' | 'maxmemoryPolicy'>>;
  /** redis-server to start for the live engine. */
  redisServer?: string;
  shouldStop?: () => boolean;
  onProgress?: (progress: RunProgress) => void;
}

export interface ReplayFileResult {
  result: RunResult;
  format: TraceFormat;
  stats: ReaderStats;
  design: Design;
  /** The design was inferred from the trace (no --design). */
  inferred: boolean;
  /** Malformed-line and other warnings about the file. */
  warnings: string[];
}

/** The first pass: keys, time span and format of the file, and the design that applies (given or inferred). */
export async function readRecording(file: string, options: Pick<ReplayFileOptions, 'design' | 'format' | 'csv' | 'maxMalformedShare' | 'server' | 'shouldStop'> = {}): Promise<Recording> {
  const keys = new RecordedKeys();
  const summary: RecordingSummary = { records: 0, firstUs: Number.POSITIVE_INFINITY, lastUs: Number.NEGATIVE_INFINITY };
  const profile = options.design ? null : new TraceProfile(keys);
  const first = await readTraceFile(file, (batch, count) => {
    if (summary.records === 0 && count > 0) summary.firstUs = batch.timeUs[0];
    for (let i = 0; i < count; i++) if (batch.timeUs[i] > summary.lastUs) summary.lastUs = batch.timeUs[i];
    summary.records += count;
    profile?.add(batch, count);
  }, { format: options.format, csv: options.csv, keys, maxMalformedShare: options.maxMalformedShare, shouldStop: options.shouldStop });
  const warnings = first.warning ? [first.warning] : [];
  if (summary.records === 0) throw new TraceFileError([`${file}: the trace holds no command to replay (${first.stats.lines} lines, ${first.stats.ignored} ignored, ${first.stats.malformed} malformed)`]);

  let design = options.design;
  if (!design) {
    const inferred = inferDesign(profile as TraceProfile, { source: file, format: first.format });
    design = { ...inferred.design, server: { ...inferred.design.server, ...options.server } };
  }
  return { file, keys, summary, format: first.format, csv: options.csv, stats: first.stats, design, inferred: !options.design, warnings };
}

/** Both passes: reads the file, then replays it on the engine engineFor chooses (`engine`, default sim). */
export async function replayFile(file: string, options: ReplayFileOptions = {}): Promise<ReplayFileResult> {
  const recording = await readRecording(file, options);
  const engine = options.engine ?? 'sim';
  const plan: RunPlan = compilePlan(recording.design, { environment: options.environment, seed: options.seed, engine });
  const replay = await engineFor({
    target: engine === 'sim' ? { kind: 'sim' } : { kind: 'live', options: { target: 'managed', speed: options.speed ?? 1, redisServerPath: options.redisServer } },
    traffic: { kind: 'recorded', recording, cacheAside: options.cacheAside },
  });
  const shouldStop = options.shouldStop ?? (() => false);
  const result = await replay.run(plan, { progress: (progress) => options.onProgress?.(progress), snapshot: () => {} }, { get aborted() { return shouldStop(); } });
  const { format, stats, design, inferred, warnings } = recording;
  return { result, format, stats, design, inferred, warnings };
}
