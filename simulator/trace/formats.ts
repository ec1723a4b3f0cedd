/** The recorded-traffic formats, recognised from a file's first bytes, and a reader for each. */
import { CsvTraceReader } from './csv';
import type { CsvOptions } from './csv';
import { JsonlTraceReader } from './jsonl';
import type { RecordLineReader } from './line-reader';
import { MonitorReader } from './monitor';
import type { RecordedKeys } from './records';
import { TwitterTraceReader } from './twitter-csv';
import { decodeUtf8 } from './utf8';

export const TRACE_FORMATS = ['monitor', 'twitter', 'csv', 'jsonl'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export const TRACE_FORMAT_HELP: Record<TraceFormat, string> = {
  monitor: 'Redis MONITOR output: 1712345678.123456 [0 127.0.0.1:5000] "GET" "user:1"',
  twitter: 'Twitter cache trace: timestamp,key,key size,value size,client id,operation,TTL',
  csv: 'CSV with a header row naming at least a key column (ts, op, valueSize, ttl optional)',
  jsonl: 'JSON lines: {"ts": 1712345678.5, "cmd": "GET", "key": "user:1", "valueSize": 512, "ttl": 300}',
};

const MONITOR_LINE = /^\+?\d{1,12}\.\d{1,9} \[\d{1,3} .*?\] "/;
const TWITTER_LINE = /^\d+(\.\d+)?,.+,\d+,\d+,\d+,[a-zA-Z]+,\d+\s*$/;

/**
 * The format of a trace from its first bytes (a few KB are plenty), or null when none fits:
 * MONITOR lines (after redis-cli's "OK"), JSON objects, Twitter's 7-field rows, or a CSV header
 * with a key column.
 */
export function sniffTraceFormat(head: Uint8Array): TraceFormat | null {
  const text = decodeUtf8(head, 0, Math.min(head.length, 64 * 1024)).replace(/^\ufeff/, '');
  const lines = text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '');
  const first = lines[0] === 'OK' || lines[0] === '+OK' ? lines[1] : lines[0];
  if (first === undefined) return null;
  if (MONITOR_LINE.test(first)) return 'monitor';
  if (first.trimStart().startsWith('{')) return 'jsonl';
  if (TWITTER_LINE.test(first)) return 'twitter';
  const header = first.split(/[,;\t|]/).map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  if (header.includes('key') || header.includes('key_name')) return 'csv';
  return null;
}

export interface TraceReaderOptions {
  csv?: CsvOptions;
}

/** A reader of `format` that interns keys into `keys` (a fresh set when omitted). */
export function createTraceReader(format: TraceFormat, options: TraceReaderOptions = {}, keys?: RecordedKeys): RecordLineReader {
  switch (format) {
    case 'monitor': return new MonitorReader(keys);
    case 'twitter': return new TwitterTraceReader(keys);
    case 'csv': return new CsvTraceReader(options.csv, keys);
    case 'jsonl': return new JsonlTraceReader(keys);
  }
}
