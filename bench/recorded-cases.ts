/**
 * Recorded-traffic parsing: a 1 GB MONITOR capture and a 1 GB Twitter-format CSV trace, read the
 * way `keyspace infer` and `keyspace replay` read them (4 MB chunks, keys interned, records into a
 * reused batch). The files are written once into .bench-tmp/ by `caseRecordedFiles`, in its own
 * process, so the parsing cases' peak memory is the reader's alone.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { readTraceFile } from '../simulator/node/trace';
import { formatMonitorLine } from '../simulator/trace';
import { createKeySampler, Rng } from '../simulator/traffic';

interface BenchRow {
  case: string;
  metrics: Record<string, number | string>;
}

const MONITOR_FILE = '.bench-tmp/recorded-1g.monitor';
const CSV_FILE = '.bench-tmp/recorded-1g.csv';
const TARGET_BYTES = 1024 ** 3;
const KEYS = 1_000_000;

/** Writes `TARGET_BYTES` of lines from `line(i)` in 4 MB pieces, unless the file is already there. */
function generate(file: string, line: (i: number) => string): { lines: number; seconds: number } {
  if (existsSync(file) && statSync(file).size >= TARGET_BYTES) return { lines: -1, seconds: 0 };
  mkdirSync('.bench-tmp', { recursive: true });
  const start = performance.now();
  const fd = openSync(file, 'w');
  let written = 0;
  let lines = 0;
  try {
    while (written < TARGET_BYTES) {
      let text = '';
      while (text.length < 4 * 1024 * 1024) text += `${line(lines++)}\n`;
      writeSync(fd, text);
      written += Buffer.byteLength(text);
    }
  } finally {
    closeSync(fd);
  }
  return { lines, seconds: (performance.now() - start) / 1000 };
}

/** Key names for zipf ranks: three namespaces with numeric, hex and nested ids. */
function keyName(rank: number): string {
  switch (rank % 3) {
    case 0: return `user:${rank}:profile`;
    case 1: return `product:${rank}`;
    default: return `session:${(rank * 2654435761 >>> 0).toString(16).padStart(8, '0')}a1`;
  }
}

/** A cache-aside mix: 80 % GET, 14 % SET EX with a JSON value (escaped quotes), 6 % DEL/EXPIRE/MGET. */
function monitorLine(rng: Rng, keys: { next(): number }): (i: number) => string {
  const t0 = 1_712_000_000_000_000;
  return (i) => {
    const key = keyName(keys.next());
    const u = rng.nextFloat();
    const source = `10.0.${i % 4}.${(i >> 2) % 200}:${50_000 + (i % 900)}`;
    const at = t0 + i * 50;
    if (u < 0.8) return formatMonitorLine(at, 0, source, ['GET', key]);
    if (u < 0.94) {
      const body = `{"id":${i},"name":"item ${i % 977}","tags":["a","b"],"price":${(i % 10_000) / 100},"blob":"${'x'.repeat(40 + (i % 200))}"}`;
      return formatMonitorLine(at, 0, source, ['SET', key, body, 'EX', String(60 + (i % 600))]);
    }
    if (u < 0.97) return formatMonitorLine(at, 0, source, ['DEL', key]);
    if (u < 0.99) return formatMonitorLine(at, 0, source, ['EXPIRE', key, '300']);
    return formatMonitorLine(at, 0, source, ['MGET', key, keyName(keys.next()), keyName(keys.next())]);
  };
}

/** Twitter's format: timestamp,key,key size,value size,client id,operation,TTL. */
function csvLine(rng: Rng, keys: { next(): number }): (i: number) => string {
  return (i) => {
    const key = keyName(keys.next());
    const u = rng.nextFloat();
    const op = u < 0.8 ? 'get' : u < 0.95 ? 'set' : 'delete';
    return `${Math.floor(i / 20_000)},${key},${key.length},${op === 'delete' ? 0 : 100 + (i % 900)},${i % 64},${op},${op === 'set' ? 3600 : 0}`;
  };
}

export async function caseRecordedFiles(): Promise<BenchRow[]> {
  const rng = new Rng(42);
  const monitor = generate(MONITOR_FILE, monitorLine(rng.fork('monitor'), createKeySampler({ kind: 'zipf', alpha: 1.0 }, KEYS, rng.fork('keys'))));
  const csv = generate(CSV_FILE, csvLine(rng.fork('csv'), createKeySampler({ kind: 'zipf', alpha: 1.0 }, KEYS, rng.fork('csv-keys'))));
  return [{
    case: `recorded trace files (${MONITOR_FILE}, ${CSV_FILE})`,
    metrics: {
      'MONITOR size (MB)': statSync(MONITOR_FILE).size / 1e6,
      'CSV size (MB)': statSync(CSV_FILE).size / 1e6,
      'generation seconds': monitor.seconds + csv.seconds,
    },
  }];
}

async function parseCase(file: string, label: string): Promise<BenchRow[]> {
  if (!existsSync(file)) throw new Error(`${file} is missing: the recorded-files case writes it`);
  const sizeMb = statSync(file).size / 1e6;
  let records = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const read = await readTraceFile(file, (_batch, count) => { records += count; });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time too: on a loaded machine wall time measures the neighbours as well.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return [{
    case: `${label} parsing (4 MB chunks into records, keys interned): ${sizeMb.toFixed(0)} MB`,
    metrics: {
      'lines/s': Math.round(read.stats.lines / seconds),
      'MB/s': sizeMb / seconds,
      'MB/s (CPU time)': sizeMb / cpuSeconds,
      seconds,
      lines: read.stats.lines,
      records,
      'distinct keys': read.reader.keys.size,
      malformed: read.stats.malformed,
    },
  }];
}

export const caseParseMonitor = (): Promise<BenchRow[]> => parseCase(MONITOR_FILE, 'MONITOR');
export const caseParseCsv = (): Promise<BenchRow[]> => parseCase(CSV_FILE, 'Twitter CSV');
