/**
 * `keyspace run <design> --trace keys.txt`: reads a plain key trace in chunks (constant memory for
 * the text; 8 bytes per request for the parsed ids), then replays it as cache-aside reads.
 */
import { InputFileError, openInput } from '../input';
import { closeSync, readSync } from 'node:fs';
import type { CancelSignal, Engine, RunPlan, RunResult, RunSink } from '../../run';
import { NULL_SINK, SimRun, TraceKeys, tracePlan, TraceSource, traceRatePerSec } from '../../run';
import type { Traffic } from '../engine-for';
import type { KeyTrace } from '../../run';
import { KeyInterner, KeyLineReader, sniffTraceFormat } from '../../trace';
import { UsageError } from './args';
import { InputError } from './design-file';
import type { Io } from './main';
import { canStream, streamTrace } from './trace-stream';
import { traceCacheSettings } from '../trace/trace-cache';

const CHUNK_BYTES = 4 * 1024 * 1024;
/** More malformed lines than this share makes the trace unusable rather than noisy. */
const MAX_MALFORMED_SHARE = 0.1;

/** Parses a key trace file into ids and value sizes. */
export function readKeyTrace(file: string): KeyTrace & { malformed: number; lines: number; malformedLines: ReadonlyArray<{ line: number; reason: string }> } {
  let fd: number;
  try {
    fd = openInput(file, 'trace').fd;
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError([error.message]);
    throw new InputError([`${file}: cannot read the trace (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const interner = new KeyInterner();
  const reader = new KeyLineReader(interner);
  let ids = new Int32Array(1 << 20);
  let valueBytes = new Int32Array(1 << 20);
  let count = 0;
  const append = (n: number) => {
    if (count + n > ids.length) {
      let size = ids.length;
      while (size < count + n) size *= 2;
      const nextIds = new Int32Array(size); nextIds.set(ids.subarray(0, count)); ids = nextIds;
      const nextBytes = new Int32Array(size); nextBytes.set(valueBytes.subarray(0, count)); valueBytes = nextBytes;
    }
    ids.set(reader.ids.subarray(0, n), count);
    valueBytes.set(reader.valueBytes.subarray(0, n), count);
    count += n;
  };
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      append(reader.parse(buffer.subarray(0, read)));
    }
    append(reader.end());
  } finally {
    closeSync(fd);
  }
  return { interner, ids, valueBytes, count, malformed: reader.malformed, lines: reader.lines, malformedLines: reader.malformedLines };
}

/**
 * A plain key trace on the simulator (engineFor's `key-trace` traffic): streamed (parsing on a
 * worker while replaying) when asked, the plan allows and the signal is an AbortSignal; otherwise —
 * or when the stream cannot reproduce the run — parsed first, then replayed in chunks.
 */
export class KeyTraceEngine implements Engine {
  readonly kind = 'sim';

  constructor(private readonly traffic: Extract<Traffic, { kind: 'key-trace' }>, private readonly chunkRequests = 1_000_000) {}

  async run(plan: RunPlan, sink: RunSink = NULL_SINK, signal: CancelSignal = { aborted: false }): Promise<RunResult> {
    const { file } = this.traffic;
    const warnings: string[] = [];
    const warn = this.traffic.onWarning ?? ((message: string) => warnings.push(message));
    let result: RunResult | null = null;
    const sampleRate = this.traffic.sampleRate ?? 1;
    if (sampleRate < 1 && !(canStream(plan) && signal instanceof AbortSignal)) {
      throw new InputError([`${file}: a sampled replay streams the trace, which a design that prewarms its keys cannot (prewarming needs every key first)`]);
    }
    if (this.traffic.stream && canStream(plan) && signal instanceof AbortSignal) {
      const streamed = await streamTrace(plan, file, signal, traceCacheSettings(), sampleRate);
      if (streamed.corruptCache) warn(`the parsed-trace cache ${streamed.corruptCache} was corrupt: removed, and the text parsed instead`);
      else checkParsed(streamed, file, warn);
      result = streamed.result;
    }
    if (!result) {
      const trace = readKeyTrace(file);
      checkParsed(trace, file, warn);
      const keys = new TraceKeys(trace.interner, plan.namespaces);
      const run = new SimRun(tracePlan(plan, keys, trace.count), { sink, layout: keys, source: new TraceSource(trace, traceRatePerSec(plan)) });
      while (!signal.aborted && run.step(this.chunkRequests)) {
        sink.progress(run.progress());
        await new Promise((resolve) => setImmediate(resolve));
      }
      sink.progress(run.progress());
      result = run.result(!run.done);
    }
    result.warnings.push(...warnings);
    return result;
  }
}

/** `keyspace run --trace`: refuses a recorded capture, then replays the keys (streamed where it can). */
export async function runTrace(plan: RunPlan, file: string, io: Io, signal: AbortSignal = new AbortController().signal): Promise<RunResult> {
  refuseRecordedTrace(file);
  return await new KeyTraceEngine({ kind: 'key-trace', file, stream: true, onWarning: (message) => io.err(`warning: ${message}`) }).run(plan, NULL_SINK, signal);
}

/** Parses the whole trace, then replays it. */
export async function runTwoPhase(plan: RunPlan, file: string, io: Io, signal: AbortSignal = new AbortController().signal): Promise<RunResult> {
  return await new KeyTraceEngine({ kind: 'key-trace', file, onWarning: (message) => io.err(`warning: ${message}`) }).run(plan, NULL_SINK, signal);
}

interface ParsedCounts {
  lines: number;
  malformed: number;
  malformedLines: ReadonlyArray<{ line: number; reason: string }>;
}

function checkParsed(trace: ParsedCounts & ({ count: number } | { requests: number }), file: string, warn: (message: string) => void): void {
  if (trace.malformed > 0) {
    const shown = trace.malformedLines.slice(0, 5).map((m) => `${file}:${m.line}: ${m.reason}`);
    if (trace.malformed > MAX_MALFORMED_SHARE * Math.max(1, trace.lines)) {
      throw new InputError([`${file}: ${trace.malformed} of ${trace.lines} lines are malformed (more than ${MAX_MALFORMED_SHARE * 100}%); expected "key" or "key,valueBytes" per line`, ...shown]);
    }
    warn(`skipped ${trace.malformed} malformed line${trace.malformed === 1 ? '' : 's'}:\n${shown.join('\n')}`);
  }
  if (('count' in trace ? trace.count : trace.requests) === 0) throw new InputError([`${file}: the trace holds no request`]);
}

/**
 * `run --trace` takes keys, one per line. A MONITOR capture or a JSON-lines trace would be read as
 * one key per line and replay nonsense: say which command reads it instead.
 */
export function refuseRecordedTrace(file: string): void {
  const { fd } = openInput(file, 'trace');
  let format: string | null;
  try {
    const head = Buffer.allocUnsafe(64 * 1024);
    format = sniffTraceFormat(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
  if (format === 'monitor' || format === 'jsonl') {
    const what = format === 'monitor' ? 'a MONITOR capture' : 'a JSON-lines trace of commands';
    throw new UsageError(`${file} is ${what}, not a key trace (one key, or key,valueBytes, per line): replay it with keyspace replay ${file} [--design d.yaml], or mine a design from it with keyspace infer ${file}`);
  }
}
