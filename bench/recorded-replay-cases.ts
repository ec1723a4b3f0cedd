/**
 * Recorded replay on the simulator (`keyspace replay`, engine sim): the first 100 MB of the MONITOR
 * capture that `recorded-files` writes, design inferred (not timed), replayed as recorded and with
 * cache-aside fills. Times the replay pass only (the file is read again, records applied).
 */
import { closeSync, existsSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { compilePlan } from '../simulator/run';
import { readRecording, RecordedEngine } from '../simulator/node/replay';
import type { BenchRow } from './cases';

const SOURCE = '.bench-tmp/recorded-1g.monitor';
const FILE = '.bench-tmp/recorded-100m.monitor';
const BYTES = 100 * 1024 * 1024;

/** The first BYTES of the 1 GB capture, cut at a line end. */
function prefixFile(): void {
  if (existsSync(FILE)) return;
  if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: the recorded-files case writes it`);
  const buffer = Buffer.alloc(BYTES);
  const fd = openSync(SOURCE, 'r');
  const read = readSync(fd, buffer, 0, BYTES, 0);
  closeSync(fd);
  const end = buffer.lastIndexOf(0x0a, read - 1) + 1;
  const out = openSync(FILE, 'w');
  writeSync(out, buffer, 0, end);
  closeSync(out);
}

export async function caseRecordedReplay(): Promise<BenchRow[]> {
  prefixFile();
  const recording = await readRecording(FILE);
  const plan = compilePlan(recording.design, { engine: 'sim' });
  const rows: BenchRow[] = [];
  for (const cacheAside of [false, true]) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = await new RecordedEngine(recording, { cacheAside, live: null }).run(plan);
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    rows.push({
      case: `recorded replay, simulator${cacheAside ? ', --cache-aside' : ''}: ${(statSync(FILE).size / 1e6).toFixed(0)} MB MONITOR`,
      metrics: {
        records: recording.summary.records,
        'records/s': Math.round(recording.summary.records / seconds),
        'records/s (CPU time)': Math.round(recording.summary.records / cpuSeconds),
        seconds,
        hitRatio: Number(result.cache.hitRatio.toFixed(4)),
      },
    });
  }
  return rows;
}
