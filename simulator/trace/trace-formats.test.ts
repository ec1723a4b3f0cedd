import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, OP_NAMES, TTL_KEEP } from './commands';
import { CsvHeaderError, CsvTraceReader } from './csv';
import { sniffTraceFormat } from './formats';
import { JsonlTraceReader } from './jsonl';
import type { RecordLineReader } from './line-reader';
import { TwitterTraceReader } from './twitter-csv';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Records as `op command key valueBytes ttlMs db client @timeUs`, over chunks cut at `cuts`. */
function rows(reader: RecordLineReader, text: string, cuts: number[] = []): string[] {
  const bytes = encode(text);
  const out: string[] = [];
  const collect = (count: number): void => {
    const b = reader.batch;
    for (let i = 0; i < count; i++) {
      out.push(`${OP_NAMES[b.op[i]]} ${COMMANDS[b.command[i]].name} ${reader.keys.keyOf(b.keyId[i])} ${b.valueBytes[i]} ${b.ttlMs[i]} ${b.db[i]} ${b.clientId[i]} @${b.timeUs[i]}`);
    }
  };
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  for (let i = 0; i + 1 < points.length; i++) collect(reader.parse(bytes.subarray(points[i], points[i + 1])));
  collect(reader.end());
  return out;
}

const TWITTER_SAMPLE = [
  '0,nz:u:eeW511W3dcH3de3d15ec,24,210,6,get,0',
  '0,nz:u:eeW511W3dcH3de3d15ec,24,210,6,set,3600',
  '1,q:a,b:Z3x9,18,0,12,gets,0',
  '1,tw:7Hq2WbV0,40,1024,12,add,60',
  '2,tw:7Hq2WbV0,40,0,12,delete,0',
  '3,cnt:hits,12,4,3,incr,0',
  '3,oops,12,4,3,frobnicate,0',
].join('\n');

describe('TwitterTraceReader', () => {
  it('parses the Twitter cache-trace format with the right fields', () => {
    const reader = new TwitterTraceReader();
    expect(rows(reader, TWITTER_SAMPLE)).toEqual([
      'read GET nz:u:eeW511W3dcH3de3d15ec 210 -1 0 6 @0',
      'write SET nz:u:eeW511W3dcH3de3d15ec 210 3600000 0 6 @0',
      'read GET q:a,b:Z3x9 -1 -1 0 12 @1000000',
      'write SETNX tw:7Hq2WbV0 1024 60000 0 12 @1000000',
      'delete DEL tw:7Hq2WbV0 -1 0 0 12 @2000000',
      `write INCR cnt:hits 4 ${TTL_KEEP} 0 3 @3000000`,
    ]);
    // The original key size is what memory is charged for, not the anonymized key's length.
    expect(reader.keys.keyBytes(0)).toBe(24);
    expect(reader.keys.keyBytes(1)).toBe(18);
    expect(reader.malformedLines).toEqual([{ line: 7, column: 15, reason: expect.stringMatching(/unknown operation/) }]);
  });

  it('is recognised from its first line', () => {
    expect(sniffTraceFormat(encode(TWITTER_SAMPLE))).toBe('twitter');
  });
});

describe('CsvTraceReader', () => {
  it('maps header columns by their usual names, in any order, quoted keys included', () => {
    const text = 'key,ttl,command,time,bytes\nuser:1,,GET,1712345678.5,\n"user:2,x",300,SET,1712345678.25,512\nuser:3,,read,1712345679,\n';
    expect(rows(new CsvTraceReader(), text)).toEqual([
      `read GET user:1 -1 ${TTL_KEEP} 0 0 @1712345678500000`,
      'write SET user:2,x 512 300000 0 0 @1712345678250000',
      `read GET user:3 -1 ${TTL_KEEP} 0 0 @1712345679000000`,
    ]);
  });

  it('takes an explicit mapping, units and a delimiter; without an op column every line is a read', () => {
    const reader = new CsvTraceReader({ columns: { key: 'k', ts: 'when', valueSize: 'len' }, timeUnit: 'ms', delimiter: ';' });
    expect(rows(reader, 'when;k;len\n1500;a;10\n2500;b;\n')).toEqual([`read GET a 10 ${TTL_KEEP} 0 0 @1500000`, `read GET b -1 ${TTL_KEEP} 0 0 @2500000`]);
  });

  it('names the missing key column and the columns it found', () => {
    expect(() => rows(new CsvTraceReader(), 'time,name\n1,a\n')).toThrow(CsvHeaderError);
    expect(() => rows(new CsvTraceReader({ columns: { key: 'nope' } }), 'time,key\n1,a\n')).toThrow(/column "nope" \(mapped to key\) is not in the header; the header has "time", "key"/);
  });

  it('reports bad lines with their column', () => {
    const reader = new CsvTraceReader();
    rows(reader, 'ts,key,op\n1,a,GET\nx,b,GET\n2,,GET\n3,c,FLY\n4,"d,GET\n');
    expect(reader.malformedLines.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual([
      '3:1 bad time: expected a number of seconds', '4:3 empty key', '5:5 unknown operation: expected a Redis command (GET, SET, DEL, EXPIRE…) or read/write/delete',
      '6:3 unterminated quoted field',
    ]);
  });
});

describe('JsonlTraceReader', () => {
  it('reads {ts, cmd, key, valueSize?, ttl?} with escapes, db, client and unknown fields', () => {
    const text = [
      '{"ts": 1.250, "cmd": "SET", "key": "user:1", "valueSize": 512, "ttl": 300}',
      '{"cmd":"get","key":"user:1","ts":1.251,"extra":{"a":[1,"}"]}}',
      '{"ts": 2, "cmd": "DEL", "key": "caf\\u00e9:\\"q\\"\\n", "db": 3, "client": 7}',
      '{"ts": 3, "cmd": "EXPIRE", "key": "k", "ttl": 0.5}',
      '{"ts": 4, "cmd": "write", "key": "k", "ttl": null}',
      '{"ts": 5, "cmd": "GET"}',
      'not json',
    ].join('\n');
    const reader = new JsonlTraceReader();
    expect(rows(reader, text)).toEqual([
      'write SET user:1 512 300000 0 0 @1250000',
      `read GET user:1 -1 ${TTL_KEEP} 0 0 @1251000`,
      'delete DEL café:"q"\n -1 0 3 7 @2000000',
      'expire EXPIRE k -1 500 0 0 @3000000',
      'write SET k -1 0 0 0 @4000000',
    ]);
    expect(reader.malformedLines.map((m) => [m.line, m.reason])).toEqual([[6, expect.stringMatching(/missing "key"/)], [7, expect.stringMatching(/expected a JSON object/)]]);
  });

  it('agrees with JSON.parse for any key, and over any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }), fc.nat(100_000)), { maxLength: 20 }), fc.array(fc.nat(600), { maxLength: 5 }), (items, cuts) => {
        const text = items.map(([key, size], i) => JSON.stringify({ ts: i / 10, cmd: 'SET', key, valueSize: size })).join('\n');
        const expected = items.map(([key, size], i) => `write SET ${key} ${size} 0 0 0 @${i * 100000}`);
        expect(rows(new JsonlTraceReader(), text, cuts)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sniffTraceFormat', () => {
  it('tells the formats apart from their first lines', () => {
    expect(sniffTraceFormat(encode('OK\n1712345678.123456 [0 127.0.0.1:5000] "GET" "a"\n'))).toBe('monitor');
    expect(sniffTraceFormat(encode('+1712345678.123456 [0 [::1]:5000] "GET" "a"\r\n'))).toBe('monitor');
    expect(sniffTraceFormat(encode('{"ts":1,"cmd":"GET","key":"a"}\n'))).toBe('jsonl');
    expect(sniffTraceFormat(encode('time,Key,op\n1,a,GET\n'))).toBe('csv');
    expect(sniffTraceFormat(encode('hello world\n'))).toBeNull();
  });
});
