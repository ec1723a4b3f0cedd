/**
 * `keyspace replay <trace>`: two passes over the file, each in fixed-size chunks. The first interns
 * the keys and finds the time span (and, without a design, profiles the traffic to infer one); the
 * second feeds the records to the simulator or to a managed redis-server. Memory is per key, not
 * per record, so multi-GB traces replay in constant memory for the text.
 */
import type { Design } from '../../model';
import { compilePlan, recordedPlan, RecordedKeyLayout, RecordedRun } from '../../run';
import type { RunProgress, RunResult, RecordingSummary } from '../../run';
import { inferDesign, RecordedKeys, TraceProfile } from '../../trace';
import type { CsvOptions, ReaderStats, TraceFormat } from '../../trace';
import { readTraceFile, TraceFileError } from '../trace';
import { LiveRecordedReplay } from './live-replay';

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

export async function replayFile(file: string, options: ReplayFileOptions = {}): Promise<ReplayFileResult> {
  const keys = new RecordedKeys();
  const summary: RecordingSummary = { records: 0, firstUs: Number.POSITIVE_INFINITY, lastUs: Number.NEGATIVE_INFINITY };
  const profile = options.design ? null : new TraceProfile(keys);
  const shouldStop = options.shouldStop ?? (() => false);
  const first = await readTraceFile(file, (batch, count) => {
    if (summary.records === 0 && count > 0) summary.firstUs = batch.timeUs[0];
    for (let i = 0; i < count; i++) if (batch.timeUs[i] > summary.lastUs) summary.lastUs = batch.timeUs[i];
    summary.records += count;
    profile?.add(batch, count);
  }, { format: options.format, csv: options.csv, keys, maxMalformedShare: options.maxMalformedShare, shouldStop });
  const warnings = first.warning ? [first.warning] : [];
  if (summary.records === 0) throw new TraceFileError([`${file}: the trace holds no command to replay (${first.stats.lines} lines, ${first.stats.ignored} ignored, ${first.stats.malformed} malformed)`]);

  let design = options.design;
  if (!design) {
    const inferred = inferDesign(profile as TraceProfile, { source: file, format: first.format });
    design = { ...inferred.design, server: { ...inferred.design.server, ...options.server } };
  }
  const plan = compilePlan(design, { environment: options.environment, seed: options.seed, engine: options.engine ?? 'sim' });
  const layout = new RecordedKeyLayout(keys, plan.namespaces);
  const replayPlan = recordedPlan(plan, layout, summary);
  const unmatched = layout.keysPerNamespace[plan.namespaces.length];
  if (options.design && unmatched > 0) warnings.push(`${unmatched.toLocaleString('en-US')} of ${keys.size.toLocaleString('en-US')} keys match no namespace pattern of the design (counted as "(unmatched)")`);

  let result: RunResult;
  if ((options.engine ?? 'sim') === 'sim') {
    const run = new RecordedRun(replayPlan, layout, summary, { cacheAside: options.cacheAside });
    await readTraceFile(file, (batch, count) => {
      run.feed(batch, count);
      options.onProgress?.(run.progress());
    }, { format: first.format, csv: options.csv, keys, maxMalformedShare: 1, shouldStop });
    const stopped = shouldStop();
    if (!stopped) run.finish();
    result = run.result(stopped);
  } else {
    const live = await LiveRecordedReplay.start(replayPlan, layout, keys, summary, { speed: options.speed ?? 1, binaryPath: options.redisServer, cacheAside: options.cacheAside });
    let done = 0;
    try {
      await readTraceFile(file, async (batch, count) => {
        await live.feed(batch, count, shouldStop);
        done += count;
        options.onProgress?.({ done, total: summary.records, phase: 'recorded (live)', tMs: (batch.timeUs[count - 1] - summary.firstUs) / 1000 });
      }, { format: first.format, csv: options.csv, keys, maxMalformedShare: 1, shouldStop });
    } finally {
      result = await live.finish(shouldStop());
    }
  }
  return { result, format: first.format, stats: first.stats, design, inferred: !options.design, warnings };
}
