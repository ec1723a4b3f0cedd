/**
 * Reading recorded-traffic files in fixed-size chunks (constant memory for the text, whatever the
 * file size): format detection from the extension and the first bytes, a reader per format, a
 * callback per batch of records, and the malformed-line policy (warn with line numbers, fail
 * beyond a share of the file).
 */
import { InputFileError, openInput } from '../input';
import { closeSync, read, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { createTraceReader, CsvHeaderError, RecordedKeys, sniffTraceFormat, TRACE_FORMAT_HELP, TRACE_FORMATS } from '../../trace';
import type { CsvOptions, RecordBatch, RecordLineReader, ReaderStats, TraceFormat } from '../../trace';

/** A trace that cannot be used: one line per problem, `file:line:column: reason`. */
export class TraceFileError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'TraceFileError';
  }
}

export const CHUNK_BYTES = 4 * 1024 * 1024;
/** More malformed lines than this share of the file is an error, not noise (default). */
export const DEFAULT_MAX_MALFORMED_SHARE = 0.1;
/** Malformed lines shown in a warning or an error. */
const SHOWN = 5;

const EXTENSIONS: Record<string, TraceFormat> = { '.monitor': 'monitor', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

export interface TraceFileOptions {
  /** The format; detected from the file when omitted. */
  format?: TraceFormat;
  csv?: CsvOptions;
  /** Keys to intern into (a second pass over the same file reuses the first pass's ids). */
  keys?: RecordedKeys;
  /** Share of malformed lines above which reading fails (default 10 %). */
  maxMalformedShare?: number;
  chunkBytes?: number;
}

/** The format of a file: its extension when telling, else its first 64 KB. */
export function detectTraceFormat(file: string): TraceFormat {
  const byExtension = EXTENSIONS[extname(file).toLowerCase()];
  const sniffed = sniffTraceFile(file);
  if (sniffed) return sniffed;
  if (byExtension) return byExtension;
  if (extname(file).toLowerCase() === '.csv') return 'csv';
  throw new TraceFileError([
    `${file}: cannot tell the trace format from its first lines; pass --format with one of:`,
    ...TRACE_FORMATS.map((f) => `  ${f.padEnd(8)} ${TRACE_FORMAT_HELP[f]}`),
  ]);
}

/** The recorded format its first 64 kB show (MONITOR, Twitter CSV, JSONL…), or null (a plain key trace, or unknown). */
export function sniffTraceFile(file: string): TraceFormat | null {
  const fd = openTrace(file);
  try {
    const head = Buffer.allocUnsafe(64 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    return sniffTraceFormat(head.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}

function openTrace(file: string): number {
  try {
    return openInput(file, 'trace').fd;
  } catch (error) {
    if (error instanceof InputFileError) throw new TraceFileError([error.message]);
    throw new TraceFileError([`${file}: cannot read the trace (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

export interface TraceReadResult {
  format: TraceFormat;
  reader: RecordLineReader;
  stats: ReaderStats;
  /** A warning about skipped malformed lines, or null. */
  warning: string | null;
}

/**
 * Reads `file` chunk by chunk, calling `onBatch` with each batch of records (valid during the
 * call). `yieldEvery` chunks, awaits `pause` (an event-loop turn, so Ctrl-C is seen); returns
 * early when `shouldStop` says so.
 */
export async function readTraceFile(
  file: string,
  onBatch: (batch: RecordBatch, count: number, reader: RecordLineReader) => void | Promise<void>,
  options: TraceFileOptions & { shouldStop?: () => boolean } = {},
): Promise<TraceReadResult> {
  const format = options.format ?? detectTraceFormat(file);
  const reader = createTraceReader(format, { csv: options.csv }, options.keys ?? new RecordedKeys());
  const fd = openTrace(file);
  // Two buffers: the next chunk is read (in libuv's thread pool) while this one is parsed. The
  // reader copies a line's unfinished tail, so a parsed buffer can be refilled at once.
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let position = 0;
  let current = 0;
  let pending = readChunk(fd, buffers[current], position);
  try {
    for (;;) {
      if (options.shouldStop?.()) break;
      // The read completes in a callback, so this await is an event-loop turn (Ctrl-C is seen).
      const read = await pending;
      if (read === 0) break;
      position += read;
      const chunk = buffers[current];
      current ^= 1;
      pending = readChunk(fd, buffers[current], position);
      const count = parseChunk(reader, chunk.subarray(0, read), file);
      if (count > 0) await onBatch(reader.batch, count, reader);
    }
    if (!options.shouldStop?.()) {
      const count = reader.end();
      if (count > 0) await onBatch(reader.batch, count, reader);
    }
  } finally {
    // Never close the descriptor under a read still in flight.
    await pending.catch(() => 0);
    closeSync(fd);
  }
  return { format, reader, stats: reader.stats, warning: malformedPolicy(file, reader, options.maxMalformedShare ?? DEFAULT_MAX_MALFORMED_SHARE, format) };
}

function readChunk(fd: number, buffer: Buffer, position: number): Promise<number> {
  const done = new Promise<number>((resolve, reject) => {
    read(fd, buffer, 0, buffer.length, position, (error, bytes) => (error ? reject(error) : resolve(bytes)));
  });
  // A failed read is thrown where it is awaited, not reported as unhandled while a batch is busy.
  done.catch(() => undefined);
  return done;
}

function parseChunk(reader: RecordLineReader, chunk: Uint8Array, file: string): number {
  try {
    return reader.parse(chunk);
  } catch (error) {
    if (error instanceof CsvHeaderError) throw new TraceFileError([`${file}:1: ${error.message}`]);
    throw error;
  }
}

/** Throws when too much of the file is malformed; else a warning naming the first bad lines. */
export function malformedPolicy(file: string, reader: RecordLineReader, maxShare: number, format: TraceFormat): string | null {
  const malformed = reader.malformed;
  if (malformed === 0) return null;
  const shown = reader.malformedLines.slice(0, SHOWN).map((m) => `${file}:${m.line}:${m.column}: ${m.reason}`);
  const more = malformed > shown.length ? [`… and ${(malformed - shown.length).toLocaleString('en-US')} more`] : [];
  if (malformed > maxShare * Math.max(1, reader.lines)) {
    throw new TraceFileError([
      `${file}: ${malformed.toLocaleString('en-US')} of ${reader.lines.toLocaleString('en-US')} lines are malformed (more than ${Math.round(maxShare * 100)} %); expected ${TRACE_FORMAT_HELP[format]}`,
      ...shown, ...more,
    ]);
  }
  return `skipped ${malformed.toLocaleString('en-US')} malformed line${malformed === 1 ? '' : 's'}:\n${[...shown, ...more].join('\n')}`;
}

/** The file's size in bytes (0 when it cannot be read). */
export function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
