import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, OP_NAMES, TTL_KEEP } from './commands';
import { MonitorReader } from './monitor';
import { decodeMonitorLine, formatMonitorLine } from './monitor-line';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Row {
  op: string;
  command: string;
  key: string;
  valueBytes: number;
  ttlMs: number;
  db: number;
}

/** Parses `text` cut at `cuts`, collecting records as plain rows. */
function read(text: string | Uint8Array, cuts: number[] = []): { rows: Row[]; reader: MonitorReader } {
  const bytes = typeof text === 'string' ? encode(text) : text;
  const reader = new MonitorReader();
  const rows: Row[] = [];
  const collect = (count: number): void => {
    const b = reader.batch;
    for (let i = 0; i < count; i++) {
      rows.push({
        op: OP_NAMES[b.op[i]], command: COMMANDS[b.command[i]].name, key: b.keyId[i] >= 0 ? reader.keys.keyOf(b.keyId[i]) : '',
        valueBytes: b.valueBytes[i], ttlMs: b.ttlMs[i], db: b.db[i],
      });
    }
  };
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  for (let i = 0; i + 1 < points.length; i++) collect(reader.parse(bytes.subarray(points[i], points[i + 1])));
  collect(reader.end());
  return { rows, reader };
}

const line = (args: string[], db = 0, source = '127.0.0.1:50000', timeUs = 1712345678123456): string => formatMonitorLine(timeUs, db, source, args);

describe('MonitorReader', () => {
  it('reads a SET with its value size and TTL, and a GET, with times and dbs', () => {
    const { rows } = read(`${line(['SET', 'user:1', 'x'.repeat(120), 'EX', '300'])}\n${line(['get', 'user:1'], 3, 'lua', 1712345679000001)}\n`);
    expect(rows).toEqual([
      { op: 'write', command: 'SET', key: 'user:1', valueBytes: 120, ttlMs: 300_000, db: 0 },
      { op: 'read', command: 'GET', key: 'user:1', valueBytes: -1, ttlMs: TTL_KEEP, db: 3 },
    ]);
  });

  it('unescapes keys and counts escaped values at their real length', () => {
    const key = 'a "quoted"\\key\n\t\r\x07\x08\x00\xff';
    const bytes = new Uint8Array([0, 1, 2, 34, 92, 10, 255, 127, 32]);
    const text = `${formatMonitorLine(1e15, 0, '127.0.0.1:1', ['SET', key, bytes])}\n`;
    expect(text).toContain('\\"quoted\\"\\\\key\\n\\t\\r\\a\\b\\x00\\xc3\\xbf');
    const { rows } = read(text);
    expect(rows[0].key).toBe(key);
    expect(rows[0].valueBytes).toBe(bytes.length);
  });

  it('gives one record per key of MGET, DEL and MSET, and a read before GETSET and GETDEL', () => {
    const text = [
      line(['MGET', 'a', 'b', 'c']), line(['DEL', 'a', 'b']), line(['MSET', 'a', '12', 'b', '1234']),
      line(['GETSET', 'a', 'xyz']), line(['GETDEL', 'b']), line(['SET', 'c', 'v', 'GET']),
    ].join('\n');
    expect(read(text).rows.map((r) => `${r.op}:${r.key}:${r.valueBytes}`)).toEqual([
      'read:a:-1', 'read:b:-1', 'read:c:-1', 'delete:a:-1', 'delete:b:-1', 'write:a:2', 'write:b:4',
      'read:a:-1', 'write:a:3', 'read:b:-1', 'delete:b:-1', 'read:c:-1', 'write:c:1',
    ]);
  });

  it('turns every way of giving a TTL into milliseconds, and a past one into a delete', () => {
    const t = 1_700_000_000_000_000;
    const text = [
      line(['SETEX', 'k', '10', 'v'], 0, 'c:1', t), line(['PSETEX', 'k', '1500', 'v'], 0, 'c:1', t),
      line(['SET', 'k', 'v', 'PX', '250'], 0, 'c:1', t), line(['SET', 'k', 'v', 'EXAT', '1700000060'], 0, 'c:1', t),
      line(['set', 'k', 'v', 'pxat', '1700000000500'], 0, 'c:1', t), line(['SET', 'k', 'v', 'KEEPTTL'], 0, 'c:1', t),
      line(['EXPIRE', 'k', '30'], 0, 'c:1', t), line(['PEXPIRE', 'k', '30'], 0, 'c:1', t), line(['PERSIST', 'k'], 0, 'c:1', t),
      line(['EXPIRE', 'k', '0'], 0, 'c:1', t), line(['SET', 'k', 'v', 'EXAT', '1600000000'], 0, 'c:1', t),
      line(['SET', 'k', 'v', 'EX', 'soon'], 0, 'c:1', t), line(['GETEX', 'k', 'EX', '5'], 0, 'c:1', t),
    ].join('\n');
    const { rows, reader } = read(text);
    expect(rows.map((r) => `${r.op} ${r.ttlMs}`)).toEqual([
      'write 10000', 'write 1500', 'write 250', 'write 60000', 'write 500', `write ${TTL_KEEP}`,
      'expire 30000', 'expire 30', 'expire 0', 'delete 0', 'delete 0', 'read 5000',
    ]);
    // `EX soon` was refused by Redis: logged, but it changed nothing.
    expect(reader.stats.ignored).toBe(1);
  });

  it('skips redis-cli noise, transactions, scripts and AUTH without calling them malformed', () => {
    const text = [
      'OK', line(['COMMAND', 'DOCS']), line(['AUTH', '(redacted)']), line(['MULTI']), line(['SET', 'k', 'v']),
      line(['EXEC']), line(['EVAL', "return redis.call('GET', KEYS[1])", '1', 'k']), line(['GET', 'k'], 0, 'lua'),
      line(['SELECT', '3']), line(['PING']), line(['HGET', 'h', 'f'], 0, '[::1]:6379'), line(['SET', 'k', 'v'], 0, 'unix:/tmp/redis.sock'),
    ].join('\r\n');
    const { rows, reader } = read(text);
    expect(rows.map((r) => `${r.command} ${r.key}`)).toEqual(['SET k', 'GET k', 'HGET h', 'SET k']);
    expect(reader.stats).toMatchObject({ lines: 12, records: 4, malformed: 0, ignored: 8 });
    expect(reader.clients.size).toBe(4);
  });

  it('reports malformed lines with line, column and reason, and carries on', () => {
    const text = ['garbage', line(['GET', 'ok']), '1712345678.1 [0 127.0.0.1:1] "GET" "open', '1712345678.123456 [0 x] "GET"x', line(['GET'])].join('\n');
    const { rows, reader } = read(text);
    expect(rows.map((r) => r.key)).toEqual(['ok']);
    expect(reader.malformedLines.map((m) => [m.line, m.column])).toEqual([[1, 1], [3, 36], [4, 30], [5, 44]]);
    expect(reader.malformedLines.map((m) => m.reason)).toEqual([
      expect.stringMatching(/timestamp/), expect.stringMatching(/unterminated/), expect.stringMatching(/space between/), 'GET without a key',
    ]);
  });

  it('reads the same records whatever the chunking, and decodes every line back to its arguments', () => {
    const arg = fc.uint8Array({ maxLength: 12 });
    const command = fc.tuple(fc.constantFrom('GET', 'SET', 'DEL', 'MGET', 'EXPIRE', 'PING'), fc.array(arg, { minLength: 1, maxLength: 4 }), fc.nat(15));
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), fc.array(fc.nat(2000), { maxLength: 8 }), (commands, cuts) => {
        const lines = commands.map(([name, args, db], i) => formatMonitorLine(1712345678000000 + i, db, '10.0.0.1:6000', [name, ...args]));
        for (let i = 0; i < lines.length; i++) {
          const decoded = decodeMonitorLine(lines[i]);
          if (decoded instanceof Error) throw decoded;
          expect(decoded.args.map((a) => Array.from(a))).toEqual([Array.from(encode(commands[i][0])), ...commands[i][1].map((a) => Array.from(a))]);
          expect(decoded.db).toBe(commands[i][2]);
        }
        const text = lines.join('\n');
        const whole = read(text);
        const chunked = read(text, cuts);
        expect(chunked.rows).toEqual(whole.rows);
        expect(chunked.reader.malformedLines).toEqual(whole.reader.malformedLines);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the same key name in two DBs apart', () => {
    const { reader } = read(`${line(['GET', 'k'], 0)}\n${line(['GET', 'k'], 5)}\n${line(['GET', 'k'], 0)}\n`);
    expect(reader.keys.size).toBe(2);
    expect(reader.keys.dbOf(1)).toBe(5);
  });
});
