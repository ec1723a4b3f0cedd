/**
 * `keyspace run --trace` on two cores: a worker thread parses the trace in chunks while this
 * thread replays the batches already parsed. Same requests, same key ids, same plan as the
 * two-phase path (parse everything, then replay), so the same result — with one exception the
 * caller handles: the snapshot interval depends on the request count, which is guessed from the
 * line count before parsing; when blank or malformed lines change it, this returns null and the
 * caller replays the two-phase way.
 */
import { InputFileError, openInput } from '../input';
import { closeSync, readSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunPlan, RunResult } from '../../run';
import { nonKeyMemoryOf, SampleHalves, SimRun, StreamedTraceKeys, StreamedTraceSource, tracePlan, traceRatePerSec, traceSnapshotIntervalMs } from '../../run';
import type { TraceBatch } from '../../run';
import type { ParseJob, ParseMessage } from '../trace/parse-protocol';
import { cachedLineCount, cacheFileOf, traceCacheSettings } from '../trace/trace-cache';
import type { CacheSettings } from '../trace/trace-cache';
import { InputError } from './design-file';
import { bundledWorker } from './bundle-cache';

const CHUNK_BYTES = 1024 * 1024;
/** Requests replayed between yields to the event loop (batches arrive, SIGINT is seen). */
const STEP_REQUESTS = 500_000;
/** How far (requests) the parser may run ahead of the replay. */
const AHEAD_LIMIT = 2_000_000;

/**
 * The trace's physical lines (newlines, plus a last line without one). It decides the run's
 * snapshot interval, so the replay waits for it: newlines are counted four bytes at a time
 * (a zero-byte test on each word xor "\n\n\n\n"), twice as fast as one indexOf per line.
 */
export function countLines(file: string): number {
  let fd: number;
  try {
    fd = openInput(file, 'trace').fd;
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError([error.message]);
    throw new InputError([`${file}: cannot read the trace (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const memory = new ArrayBuffer(4 * 1024 * 1024);
  const bytes = new Uint8Array(memory);
  const words = new Int32Array(memory);
  let lines = 0;
  let last = 10;
  try {
    for (;;) {
      const read = readSync(fd, bytes, 0, bytes.length, null);
      if (read === 0) break;
      const whole = read >> 2;
      for (let i = 0; i < whole; i++) {
        const x = words[i] ^ 0x0a0a0a0a;
        // The high bit of each byte of `zero` is set where that byte of x is 0 (a newline).
        const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
        lines += Math.imul((zero >>> 7) & 0x01010101, 0x01010101) >>> 24;
      }
      for (let i = whole << 2; i < read; i++) if (bytes[i] === 10) lines++;
      last = bytes[read - 1];
    }
  } finally {
    closeSync(fd);
  }
  return last === 10 ? lines : lines + 1;
}

export interface StreamedTrace {
  /** Null when the stream cannot reproduce the two-phase run (see the file comment). */
  result: RunResult | null;
  lines: number;
  requests: number;
  malformed: number;
  malformedLines: ReadonlyArray<{ line: number; reason: string }>;
  /** The requests came from the text, or from the cache of an earlier parse. */
  from: 'text' | 'cache';
  /** A cache that proved corrupt midway (then removed; result is null): its path. */
  corruptCache: string | null;
  /** With `sizes`: the hit ratio at each (estimated as the result's when sampled). */
  points: Array<{ maxmemoryBytes: number; hitRatio: number }>;
}

/** Whether a plan can stream: prewarming needs every key before the first request. */
export function canStream(plan: RunPlan): boolean {
  return !plan.namespaces.some((ns) => ns.prewarm && ns.cacheable);
}

/**
 * Starts the parsing worker as JavaScript bundled by esbuild (see bundle-cache): a worker that
 * loads tsx's loader first needs about 200 ms before it reads a byte, during which the replay
 * has nothing to do. Without esbuild it falls back to that loader.
 */
async function startParser(job: ParseJob): Promise<Worker> {
  const entry = new URL('../trace/parse-worker.ts', import.meta.url);
  const code = await bundledWorker(fileURLToPath(entry));
  if (code !== null) return new Worker(code, { eval: true, workerData: { job } });
  const bootstrap = new URL('../worker-bootstrap.mjs', import.meta.url);
  return new Worker(bootstrap, { workerData: { job, entry: entry.href } });
}

/** One replay of the stream: the whole (sample), or one half of a sample. */
interface Lane {
  layout: StreamedTraceKeys;
  source: StreamedTraceSource;
  run: SimRun;
  snapshotIntervalMs: number;
}

/** A replay; a sample of rate R runs at maxmemory nonKey + R × (maxmemory − nonKey), as the curve's mini-simulations. */
function lane(plan: RunPlan, expected: number, rate: number): Lane {
  const layout = new StreamedTraceKeys(plan.namespaces.length + 1);
  const nonKey = nonKeyMemoryOf(plan).bytes;
  const maxmemoryBytes = plan.server.maxmemoryBytes;
  const scaled = rate >= 1 || maxmemoryBytes === 0 ? plan
    : { ...plan, server: { ...plan.server, maxmemoryBytes: Math.max(1, Math.round(nonKey + rate * (maxmemoryBytes - nonKey))) } };
  const runPlan = tracePlan(scaled, layout, expected);
  const source = new StreamedTraceSource(traceRatePerSec(plan), expected);
  const run = new SimRun(runPlan, rate >= 1 ? { layout, source } : { layout, source, keyShare: rate });
  run.keysAdded();
  return { layout, source, run, snapshotIntervalMs: runPlan.snapshotIntervalMs };
}

function feed(target: Lane, batch: TraceBatch): void {
  if (batch.newGroups.length > 0) {
    target.layout.add(batch.newGroups, batch.newKeyBytes);
    target.run.keysAdded();
  }
  target.source.push(batch);
}

/** Steps every unfinished lane that has requests (or has ended); 'waiting' when none could. */
function stepLanes(lanes: Lane[]): 'stepped' | 'waiting' | 'done' {
  let stepped = false;
  let open = false;
  for (const { source, run } of lanes) {
    if (run.done) continue;
    open = true;
    if (source.buffered > 0) {
      run.step(Math.min(source.buffered, STEP_REQUESTS));
      stepped = true;
    } else if (source.ended) {
      run.step(STEP_REQUESTS);
      stepped = true;
    }
  }
  return stepped ? 'stepped' : open ? 'waiting' : 'done';
}

/**
 * Replays a plain key trace while a worker parses it — or reads the parsed-trace cache of an
 * earlier run (`cache`: where caches live, null for none; default from the environment). With
 * `sampleRate` below 1, replays the spatial sample of the keys (no cache then), and its two
 * halves apart for the split-half error estimate. `sizes`: maxmemory values the same stream is
 * also replayed at, side by side (a miss-ratio curve of the design on the trace).
 */
export async function streamTrace(
  plan: RunPlan, file: string, signal: AbortSignal, cache: CacheSettings | null = traceCacheSettings(), sampleRate = 1, sizes: readonly number[] = [],
): Promise<StreamedTrace> {
  const progress = new SharedArrayBuffer(4);
  const consumed = new Int32Array(progress);
  const patterns = plan.namespaces.map((ns) => ns.pattern);
  const sampling = sampleRate < 1;
  const cacheJob = cache && !sampling ? { settings: cache, file: cacheFileOf(cache, file) } : null;
  const worker = await startParser({ file, patterns, chunkBytes: CHUNK_BYTES, progress, aheadLimit: AHEAD_LIMIT, cache: cacheJob, sampleRate });
  try {
    // A valid cache states the line count; else the text's newlines are counted.
    const expected = (cacheJob && cachedLineCount(cacheJob.file, file)) ?? countLines(file);
    const lanes = [lane(plan, expected, sampleRate)];
    if (sampling) lanes.push(lane(plan, expected, sampleRate / 2), lane(plan, expected, sampleRate / 2));
    const sized = sizes.map((maxmemoryBytes) => lane({ ...plan, server: { ...plan.server, maxmemoryBytes } }, expected, sampleRate));
    const halves = sampling ? new SampleHalves() : null;
    const [whole] = lanes;
    let end: Extract<ParseMessage, { type: 'end' }> | null = null;
    let failure: Error | null = null;
    let corruptCache: string | null = null;
    let wake: (() => void) | null = null;
    worker.on('message', (message: ParseMessage) => {
      if (message.type === 'batch') {
        feed(whole, message.batch);
        for (const target of sized) feed(target, message.batch);
        if (halves) halves.split(message.batch).forEach((part, h) => feed(lanes[1 + h], part));
      } else if (message.type === 'end') {
        end = message;
        for (const { source } of [...lanes, ...sized]) source.end(message.requests);
      } else if (message.code === 'ECACHE' && cacheJob) {
        corruptCache = cacheJob.file;
      } else {
        failure = new InputError([`${file}: cannot read the trace (${message.code})`]);
      }
      wake?.();
    });
    worker.on('error', (error) => { failure = error; wake?.(); });
    signal.addEventListener('abort', () => wake?.(), { once: true });
    worker.on('exit', () => { if (!end && !failure && !corruptCache) failure = new Error('the trace parser stopped'); wake?.(); });
    while (!signal.aborted && !corruptCache) {
      if (failure) throw failure;
      const state = stepLanes([...lanes, ...sized]);
      if (state === 'done') break;
      if (state === 'waiting') {
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = null;
        continue;
      }
      Atomics.store(consumed, 0, whole.source.produced | 0);
      Atomics.notify(consumed, 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (failure) throw failure;
    if (corruptCache) {
      rmSync(corruptCache, { force: true });
      return { result: null, lines: 0, requests: 0, malformed: 0, malformedLines: [], from: 'cache', corruptCache, points: [] };
    }
    const parsed = end as Extract<ParseMessage, { type: 'end' }> | null;
    const counts = parsed ?? { lines: 0, requests: whole.source.produced, malformed: 0, malformedLines: [] };
    const done = whole.run.done;
    // A sample's plan is never reproduced the two-phase way: its result stands.
    const same = sampling || (parsed !== null && traceSnapshotIntervalMs(plan, parsed.requests) === whole.snapshotIntervalMs);
    const result = done && !same ? null : whole.run.result(!done);
    if (result && sampling) {
      result.sampling = samplingOf(lanes, sampleRate, counts.requests);
      result.cache.hitRatio = result.sampling.hitRatio;
    }
    const points = sized.map((target, i) => ({ maxmemoryBytes: sizes[i], hitRatio: estimatedHitRatio(target, sampleRate, counts.requests) }));
    return { result, lines: counts.lines, requests: counts.requests, malformed: counts.malformed, malformedLines: counts.malformedLines, from: parsed?.from ?? 'text', corruptCache: null, points };
  } finally {
    await worker.terminate();
  }
}

/**
 * A replay's hit ratio; of a sample, misses scaled by 1/R over the whole trace's requests
 * (Horvitz–Thompson, as SHARDS-adj): a sample that drew more than its share of requests (a hot
 * key in it) would otherwise count their hits at face value.
 */
function estimatedHitRatio(target: Lane, rate: number, traceRequests: number): number {
  const { misses, hitRatio } = target.run.result(!target.run.done).cache;
  return rate < 1 && traceRequests > 0 ? Math.min(1, Math.max(0, 1 - misses / (rate * traceRequests))) : hitRatio;
}

/** The sample, its estimate, and the split-half error (that estimate's, per half). */
function samplingOf(lanes: Lane[], rate: number, traceRequests: number): NonNullable<RunResult['sampling']> {
  const hitRatio = estimatedHitRatio(lanes[0], rate, traceRequests);
  const halfHitRatios = lanes.slice(1).map((l) => estimatedHitRatio(l, rate / 2, traceRequests));
  return {
    rate, traceRequests, sampledRequests: lanes[0].source.produced, sampledKeys: lanes[0].layout.totalKeys,
    hitRatio, sampleHitRatio: lanes[0].run.result(!lanes[0].run.done).cache.hitRatio, halfHitRatios,
    hitRatioError: Math.abs(halfHitRatios[0] - halfHitRatios[1]) / 2,
  };
}
