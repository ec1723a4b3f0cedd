/**
 * The parsing half of a streamed `keyspace run --trace`, on a worker thread: reads the plain key
 * trace in chunks, interns keys into dense ids (first-seen order, as readKeyTrace does), groups
 * each new key by namespace pattern, and posts every chunk's requests as a batch (transferred,
 * not copied) while the main thread replays the batches before it. With a cache (trace-cache.ts)
 * it reads the records of an earlier parse instead of the text, or writes them while parsing.
 */
import { closeSync, mkdirSync, openSync, readSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';
// Narrow imports: this thread loads only what parsing needs.
import { keyClassifier } from '../../run/key-classifier';
import type { TraceBatch } from '../../run/trace-stream';
import { hashKeyBytes, KeyInterner } from '../../trace/key-interner';
import { KeyLineReader, spatialHash } from '../../trace/key-lines';
import { decodeUtf8 } from '../../trace/utf8';
import type { ParseJob, ParseMessage } from './parse-protocol';
import { sourceIdentity, TraceCacheError, TraceCacheReader, TraceCacheWriter } from './trace-cache';
import type { SourceIdentity } from './trace-cache';

function post(message: ParseMessage, transfer: TransferListItem[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function failed(error: unknown): void {
  const code = error instanceof TraceCacheError ? 'ECACHE' : (error as NodeJS.ErrnoException).code ?? 'error';
  post({ type: 'error', code, message: String(error) });
}

/** Posts batches, waiting while the replay is more than `aheadLimit` requests behind. */
function batchPoster(job: ParseJob): (batch: TraceBatch) => void {
  const consumed = new Int32Array(job.progress);
  let produced = 0;
  return (batch) => {
    const buffers = new Set([batch.ids.buffer, batch.newGroups.buffer, batch.newKeyBytes.buffer, batch.valueBytes?.buffer, batch.positions?.buffer, batch.newHalves?.buffer]);
    buffers.delete(undefined);
    post({ type: 'batch', batch }, [...buffers] as TransferListItem[]);
    produced = (produced + batch.ids.length) | 0;
    for (;;) {
      const seen = Atomics.load(consumed, 0);
      if (((produced - seen) | 0) <= job.aheadLimit) break;
      Atomics.wait(consumed, 0, seen, 1000);
    }
  };
}

/** Replays the records of a valid cache: the batches the text would give, without parsing it. */
function readCache(job: ParseJob, reader: TraceCacheReader): void {
  const classify = keyClassifier(job.patterns);
  const send = batchPoster(job);
  try {
    for (let record = reader.next(); record !== null; record = reader.next()) {
      const lengths = record.newKeyLengths;
      const newGroups = new Uint16Array(lengths.length);
      for (let i = 0, at = 0; i < lengths.length; at += lengths[i], i++) newGroups[i] = classify(decodeUtf8(record.newKeyBytes, at, at + lengths[i]));
      send({ ids: record.ids, valueBytes: record.valueBytes, newGroups, newKeyBytes: lengths });
    }
  } catch (error) {
    failed(error);
    return;
  } finally {
    reader.close();
  }
  post({ type: 'end', ...reader.counts, from: 'cache' });
}

/** A cache writer for this parse, or null (caching off, or its folder unwritable). */
function cacheWriter(job: ParseJob, identity: SourceIdentity | null): TraceCacheWriter | null {
  if (!job.cache || !identity) return null;
  try {
    mkdirSync(job.cache.settings.dir, { recursive: true });
    return new TraceCacheWriter(job.cache.settings, job.cache.file, identity, String(threadId));
  } catch {
    return null;
  }
}

function parseTrace(job: ParseJob): void {
  let identity: SourceIdentity | null = null;
  if (job.cache) {
    try {
      identity = sourceIdentity(job.file);
    } catch {
      identity = null;
    }
    const cached = identity && TraceCacheReader.open(job.cache.file, identity);
    if (cached) {
      readCache(job, cached);
      return;
    }
  }
  let fd: number;
  try {
    fd = openSync(job.file, 'r');
  } catch (error) {
    failed(error);
    return;
  }
  const interner = new KeyInterner();
  const reader = new KeyLineReader(interner, job.sampleRate);
  const sampling = job.sampleRate < 1;
  const halfBelow = Math.round(job.sampleRate * 2 ** 31);
  const classify = keyClassifier(job.patterns);
  const postBatch = batchPoster(job);
  let writer = cacheWriter(job, identity);
  let knownKeys = 0;
  const send = (count: number) => {
    const size = interner.size;
    if (count === 0 && size === knownKeys) return;
    const ids = reader.ids.slice(0, count);
    let valueBytes: Int32Array | null = null;
    const values = reader.valueBytes;
    for (let i = 0; i < count; i++) {
      if (values[i] >= 0) { valueBytes = values.slice(0, count); break; }
    }
    const newGroups = new Uint16Array(size - knownKeys);
    const newKeyBytes = new Int32Array(size - knownKeys);
    for (let id = knownKeys; id < size; id++) {
      newGroups[id - knownKeys] = classify(interner.keyOf(id));
      newKeyBytes[id - knownKeys] = interner.keyBytes(id);
    }
    if (writer && !writer.write({ ids, valueBytes, newKeyLengths: newKeyBytes, newKeyBytes: newKeyBytesOf(interner, knownKeys, size) })) writer = null;
    const batch: TraceBatch = { ids, valueBytes, newGroups, newKeyBytes };
    if (sampling) {
      batch.positions = reader.positions.slice(0, count);
      const halves = new Uint8Array(size - knownKeys);
      for (let id = knownKeys; id < size; id++) {
        const bytes = interner.bytesOf(id);
        halves[id - knownKeys] = spatialHash(hashKeyBytes(bytes, 0, bytes.length)) < halfBelow ? 0 : 1;
      }
      batch.newHalves = halves;
    }
    knownKeys = size;
    postBatch(batch);
  };
  const buffer = Buffer.allocUnsafe(job.chunkBytes);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, job.chunkBytes, null);
      if (read === 0) break;
      send(reader.parse(buffer.subarray(0, read)));
    }
    send(reader.end());
  } catch (error) {
    writer?.abandon();
    failed(error);
    return;
  } finally {
    closeSync(fd);
  }
  const malformedLines = reader.malformedLines.map((m) => ({ line: m.line, reason: m.reason }));
  const counts = { lines: reader.lines, requests: reader.requests, malformed: reader.malformed, malformedLines };
  try {
    writer?.finish({ ...counts, keys: interner.size });
  } catch {
    writer?.abandon();
  }
  post({ type: 'end', ...counts, from: 'text' });
}

/** The bytes of keys [from, to) back to back (their arena slice: ids are in arena order). */
function newKeyBytesOf(interner: KeyInterner, from: number, to: number): Uint8Array {
  if (from === to) return new Uint8Array(0);
  const first = interner.bytesOf(from);
  const last = interner.bytesOf(to - 1);
  return new Uint8Array(first.buffer, first.byteOffset, last.byteOffset + last.length - first.byteOffset);
}

parseTrace((workerData as { job: ParseJob }).job);
