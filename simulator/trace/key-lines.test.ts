import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyInterner } from './key-interner';
import { KeyLineReader, MAX_MALFORMED_KEPT } from './key-lines';

interface Parsed {
  requests: Array<[string, number]>;
  malformedLines: number[];
  lines: number;
}

/** The obvious reference, on strings: split lines, strip one \r, split at the first comma. */
function referenceParse(text: string): Parsed {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const requests: Array<[string, number]> = [];
  const malformedLines: number[] = [];
  lines.forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    if (line === '') return;
    const comma = line.indexOf(',');
    const key = comma < 0 ? line : line.slice(0, comma);
    if (key === '') return void malformedLines.push(index + 1);
    if (comma < 0) return void requests.push([key, -1]);
    const match = /^[ \t]*(\d+)[ \t]*$/.exec(line.slice(comma + 1));
    if (!match || Number(match[1]) > 2147483647) return void malformedLines.push(index + 1);
    requests.push([key, Number(match[1])]);
  });
  return { requests, malformedLines, lines: lines.length };
}

/** Runs the reader over `bytes` cut at `cuts`, collecting requests as (key, valueBytes). */
function readInChunks(bytes: Uint8Array, cuts: number[]): Parsed & { reader: KeyLineReader } {
  const interner = new KeyInterner();
  const reader = new KeyLineReader(interner);
  const requests: Array<[string, number]> = [];
  const collect = (count: number): void => {
    for (let i = 0; i < count; i++) requests.push([interner.keyOf(reader.ids[i]), reader.valueBytes[i]]);
  };
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  for (let i = 0; i + 1 < points.length; i++) collect(reader.parse(bytes.subarray(points[i], points[i + 1])));
  collect(reader.end());
  return { requests, malformedLines: reader.malformedLines.map((m) => m.line), lines: reader.lines, reader };
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('KeyLineReader', () => {
  it('reads keys with and without value sizes, over \\n and \\r\\n, skipping blank lines', () => {
    const { requests, malformedLines, lines } = readInChunks(encode('user:1\r\nuser:2,512\n\n\r\nuser:1, 64 \nlast'), []);
    expect(requests).toEqual([['user:1', -1], ['user:2', 512], ['user:1', 64], ['last', -1]]);
    expect(malformedLines).toEqual([]);
    expect(lines).toBe(6);
  });

  it('gives ids in first-seen order with their key lengths', () => {
    const interner = new KeyInterner();
    const reader = new KeyLineReader(interner);
    const count = reader.parse(encode('b\naa\nb\nccc\n'));
    expect(Array.from(reader.ids.subarray(0, count))).toEqual([0, 1, 0, 2]);
    expect([0, 1, 2].map((id) => interner.keyBytes(id))).toEqual([1, 2, 3]);
  });

  it('counts bad numbers and empty keys as malformed, with line, column and reason', () => {
    const { requests, reader } = readInChunks(encode('a,12x\n,5\nb,\nc,99999999999\nd,7\n'), []);
    expect(requests).toEqual([['d', 7]]);
    expect(reader.malformed).toBe(4);
    expect(reader.malformedLines[0]).toEqual({ line: 1, column: 3, reason: expect.stringMatching(/bad value size/) });
    expect(reader.malformedLines[1]).toEqual({ line: 2, column: 1, reason: expect.stringMatching(/empty key/) });
    expect(reader.malformedLines.map((m) => m.line)).toEqual([1, 2, 3, 4]);
  });

  it('keeps only the first malformed lines but counts them all', () => {
    const { reader } = readInChunks(encode('k,x\n'.repeat(50)), []);
    expect(reader.malformed).toBe(50);
    expect(reader.malformedLines.length).toBe(MAX_MALFORMED_KEPT);
    expect(reader.malformedLines[MAX_MALFORMED_KEPT - 1].line).toBe(MAX_MALFORMED_KEPT);
  });

  it('ignores a byte-order mark at the start of the file only', () => {
    const { requests } = readInChunks(encode('\ufeffk1\n\ufeffk2\n'), [1, 2]);
    expect(requests).toEqual([['k1', -1], ['\ufeffk2', -1]]);
  });

  it('reads a line fed one byte at a time', () => {
    const bytes = encode('naïve:κλειδί,1024\r\nnext\n');
    const { requests } = readInChunks(bytes, Array.from({ length: bytes.length }, (_, i) => i));
    expect(requests).toEqual([['naïve:κλειδί', 1024], ['next', -1]]);
  });

  it('agrees with a plain string parser for any text and any chunking', () => {
    const fragment = fc.constantFrom(
      'a', 'key:', '7', '0', 'é', '😀', ',', ' ', '\t', '\r', '\n', '\n', '\r\n', 'x', '\ufeff',
      // Well-formed lines, which take the reader's fast path.
      'user:1\n', 'user:2,512\n', 'k\r\n', 'k,0\r\n',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 80 }), fc.array(fc.nat(400), { maxLength: 10 }), (fragments, cuts) => {
        const text = fragments.join('');
        const expected = referenceParse(text);
        const actual = readInChunks(encode(text), cuts);
        expect(actual.requests).toEqual(expected.requests);
        expect(actual.malformedLines).toEqual(expected.malformedLines.slice(0, MAX_MALFORMED_KEPT));
        expect(actual.lines).toBe(expected.lines);
      }),
      { numRuns: 500 },
    );
  });
});
