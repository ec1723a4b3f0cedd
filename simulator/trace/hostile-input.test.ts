/**
 * Property tests: any bytes, cut into any chunks, fed to every trace reader never throw, never
 * produce a record whose numbers cannot be replayed, and keep no line longer than the limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTraceReader, TRACE_FORMATS } from './formats';
import { KeyInterner } from './key-interner';
import { KeyLineReader } from './key-lines';
import { MAX_LINE_BYTES } from './line-parts';
import { MAX_RECORD_TTL_MS, MAX_RECORD_VALUE_BYTES } from './records';

/** Bytes biased towards the characters the formats care about. */
const traceBytes = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(...[10, 13, 44, 34, 92, 123, 125, 58, 32, 48, 49, 57, 46, 101, 45].map((c) => c)),
  ),
  { maxLength: 3000 },
).map((values) => Uint8Array.from(values));

const recordish = fc.array(
  fc.oneof(
    fc.record({ ts: fc.oneof(fc.double(), fc.integer()), cmd: fc.constantFrom('GET', 'SET', 'DEL', 'EXPIRE', 'read', 'x'), key: fc.string(), valueSize: fc.oneof(fc.double(), fc.integer()), ttl: fc.oneof(fc.double(), fc.constant(null)) }, { requiredKeys: [] })
      .map((r) => JSON.stringify(r).replace(/null/g, () => (Math.random() < 0.5 ? '1e400' : 'null'))),
    fc.tuple(fc.double({ min: 0, max: 2e9 }), fc.string(), fc.string()).map(([t, a, b]) => `${t.toFixed(6)} [0 127.0.0.1:1] "SET" "${a}" "${b}"`),
    fc.string(),
  ),
  { maxLength: 40 },
).map((lines) => new TextEncoder().encode(lines.join('\n')));

function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    out.push(bytes.subarray(from, point));
    from = point;
  }
  out.push(bytes.subarray(from));
  return out;
}

describe('every trace reader on hostile bytes', () => {
  for (const format of TRACE_FORMATS) {
    it(`${format}: never throws and yields only replayable records, over any chunking`, () => {
      fc.assert(fc.property(fc.oneof(traceBytes, recordish), fc.array(fc.nat(4000), { maxLength: 6 }), (bytes, cuts) => {
        let reader;
        try {
          reader = createTraceReader(format);
        } catch {
          return; // A CSV reader without a header is refused at creation by design.
        }
        for (const chunk of [...chunks(bytes, cuts), null]) {
          let count: number;
          try {
            count = chunk === null ? reader.end() : reader.parse(chunk);
          } catch (error) {
            // The CSV reader refuses a bad header with its own error type; nothing else may throw.
            if ((error as Error).name === 'CsvHeaderError' || (error as Error).constructor.name === 'CsvHeaderError') return;
            throw error;
          }
          const batch = reader.batch;
          for (let i = 0; i < count; i++) {
            expect(Number.isFinite(batch.timeUs[i])).toBe(true);
            expect(batch.valueBytes[i]).toBeLessThanOrEqual(MAX_RECORD_VALUE_BYTES);
            expect(Number.isNaN(batch.ttlMs[i]) || batch.ttlMs[i] <= MAX_RECORD_TTL_MS).toBe(true);
          }
        }
        expect(reader.stats.malformed).toBeLessThanOrEqual(reader.stats.lines);
      }), { numRuns: 150 });
    });
  }

  it('key traces: never throw, over any chunking', () => {
    fc.assert(fc.property(traceBytes, fc.array(fc.nat(4000), { maxLength: 6 }), (bytes, cuts) => {
      const reader = new KeyLineReader(new KeyInterner());
      for (const chunk of chunks(bytes, cuts)) reader.parse(chunk);
      reader.end();
      expect(reader.malformed).toBeGreaterThanOrEqual(0);
    }), { numRuns: 300 });
  });

  it('a line past the limit is one malformed line, whatever the chunking, and keeps no more than the limit', () => {
    for (const format of ['jsonl', 'monitor'] as const) {
      const reader = createTraceReader(format);
      const piece = new Uint8Array(256 * 1024).fill(120);
      for (let i = 0; i < (2 * MAX_LINE_BYTES) / piece.length; i++) reader.parse(piece);
      reader.parse(new TextEncoder().encode('\n'));
      reader.end();
      expect(reader.stats.malformed).toBe(1);
      expect(reader.malformedLines[0].reason).toMatch(/line is 2\.0 MB long/);
    }
  });
});
