/**
 * The parsing half of a streamed `keyspace run --trace`, on a worker thread: reads the plain key
 * trace in chunks, interns keys into dense ids (first-seen order, as readKeyTrace does), groups
 * each new key by namespace pattern, and posts every chunk's requests as a batch (transferred,
 * not copied) while the main thread replays the batches before it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';
// Narrow imports: this thread loads only what parsing needs.
import { keyClassifier } from '../../run/key-classifier';
import type { TraceBatch } from '../../run/trace-stream';
import { KeyInterner } from '../../trace/key-interner';
import { KeyLineReader } from '../../trace/key-lines';
import type { ParseJob, ParseMessage } from './parse-protocol';

function post(message: ParseMessage, transfer: TransferListItem[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function parseTrace(job: ParseJob): void {
  let fd: number;
  try {
    fd = openSync(job.file, 'r');
  } catch (error) {
    post({ type: 'error', code: (error as NodeJS.ErrnoException).code ?? 'error', message: String(error) });
    return;
  }
  const interner = new KeyInterner();
  const reader = new KeyLineReader(interner);
  const classify = keyClassifier(job.patterns);
  let knownKeys = 0;
  let produced = 0;
  const consumed = new Int32Array(job.progress);
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
    knownKeys = size;
    const batch: TraceBatch = { ids, valueBytes, newGroups, newKeyBytes };
    const transfer: TransferListItem[] = [ids.buffer as ArrayBuffer, newGroups.buffer as ArrayBuffer, newKeyBytes.buffer as ArrayBuffer];
    if (valueBytes) transfer.push(valueBytes.buffer as ArrayBuffer);
    post({ type: 'batch', batch }, transfer);
    produced = (produced + count) | 0;
    for (;;) {
      const seen = Atomics.load(consumed, 0);
      if (((produced - seen) | 0) <= job.aheadLimit) break;
      Atomics.wait(consumed, 0, seen, 1000);
    }
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
    post({ type: 'error', code: (error as NodeJS.ErrnoException).code ?? 'error', message: String(error) });
    return;
  } finally {
    closeSync(fd);
  }
  post({
    type: 'end', lines: reader.lines, requests: reader.requests, malformed: reader.malformed,
    malformedLines: reader.malformedLines.map((m) => ({ line: m.line, reason: m.reason })),
  });
}

parseTrace((workerData as { job: ParseJob }).job);
