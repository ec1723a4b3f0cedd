import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, decodeMonitorLine, MonitorReader, OP_NAMES } from '../../trace';
import type { MonitorLine } from '../../trace';
import { startManagedRedis } from '../redis';
import type { ManagedRedis } from '../redis';
import { captureMonitor } from './capture';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-capture-'));
const servers: ManagedRedis[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const PASSWORD = 'capture-test-secret';
const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const trickyKey = Buffer.from('tricky "key"\n\\ x\t\r\x07\x08 end');

async function waitForMonitors(client: Redis, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const list = String(await client.client('LIST'));
    if ((list.match(/flags=O/g) ?? []).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('MONITOR did not start');
}

function linesOf(file: string): string[] {
  return readFileSync(file, 'latin1').split('\n').filter((line) => line !== '');
}

function decodeAll(lines: string[]): MonitorLine[] {
  return lines.filter((line) => line !== 'OK').map((line) => {
    const decoded = decodeMonitorLine(Buffer.from(line, 'latin1'));
    if (decoded instanceof Error) throw new Error(`${decoded.message}: ${line}`);
    return decoded;
  });
}

const hex = (args: ReadonlyArray<Uint8Array | string>): string[] => args.map((a) => Buffer.from(a).toString('hex'));

describe('keyspace capture (MONITOR on a real redis-server)', () => {
  it('records commands with tricky bytes, quotes, newlines, binary values, several DBs, MULTI/EXEC and Lua, which parse back to exactly what was sent', async () => {
    const server = await startManagedRedis({ requirepass: PASSWORD });
    servers.push(server);
    const out = join(dir, 'tcp.monitor');
    const controller = new AbortController();
    const capturing = captureMonitor({ url: `redis://:${PASSWORD}@127.0.0.1:${server.port}`, durationMs: 60_000, out, signal: controller.signal });
    const sender = new Redis({ host: server.host, port: server.port, password: PASSWORD, lazyConnect: true });
    await sender.connect();
    await waitForMonitors(sender, 1);
    const addr = /addr=(\S+)/.exec(String(await sender.client('INFO')))?.[1];

    const sent: Array<{ args: Array<string | Buffer>; db: number }> = [];
    const send = async (db: number, ...args: Array<string | Buffer>): Promise<void> => {
      sent.push({ args, db });
      await sender.callBuffer(String(args[0]), ...args.slice(1));
    };
    await send(0, 'SET', trickyKey, binary, 'EX', '300');
    await send(0, 'GET', trickyKey);
    await send(0, 'SET', 'quote', 'a" "b "c"');
    await send(0, 'MSET', 'a', '1', 'b', '22');
    await send(0, 'MGET', 'a', 'b', 'missing');
    await send(0, 'DEL', 'a', 'b');
    await send(0, 'SET', Buffer.from('ключ:😀'), 'v', 'PX', '1500');
    await send(0, 'PEXPIRE', Buffer.from('ключ:😀'), '5000');
    await send(3, 'SELECT', '3');
    await send(3, 'SET', 'dbkey', 'in db 3');
    await send(3, 'GET', 'dbkey');
    await send(0, 'SELECT', '0');
    await sender.multi().set('tx:1', 'x').incr('tx:counter').exec();
    sent.push({ args: ['multi'], db: 0 }, { args: ['set', 'tx:1', 'x'], db: 0 }, { args: ['incr', 'tx:counter'], db: 0 }, { args: ['exec'], db: 0 });
    const script = "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])";
    await send(0, 'EVAL', script, '1', 'lua:key', 'from lua');
    await send(0, 'GETDEL', 'quote');
    await send(0, 'EXPIRE', 'dbkey-missing', '0');
    await send(0, 'PING', 'end');
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    const result = await capturing;
    sender.disconnect();
    expect(result.stoppedBy).toBe('signal');

    const lines = linesOf(out);
    const decoded = decodeAll(lines);
    const fromSender = decoded.filter((l) => l.source === addr);
    // The connection's own AUTH (sent by HELLO or AUTH) is logged with its arguments redacted.
    const auth = fromSender.filter((l) => /^(auth|hello)$/i.test(Buffer.from(l.args[0]).toString()));
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((l) => l.args.some((a) => Buffer.from(a).toString() === '(redacted)'))).toBe(true);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    // Before the first command sent here come ioredis's own (INFO ready check) and CLIENT INFO.
    const all = fromSender.filter((l) => !auth.includes(l));
    const commands = all.slice(all.findIndex((l) => Buffer.from(l.args[0]).toString() === 'SET'));
    expect(commands.map((l) => hex(l.args))).toEqual(sent.map((s) => hex(s.args.map((a) => (typeof a === 'string' ? Buffer.from(a) : a)))));
    expect(commands.map((l) => l.db)).toEqual(sent.map((s) => s.db));
    const lua = decoded.filter((l) => l.clientKind === 'lua');
    expect(lua.map((l) => l.args.map((a) => Buffer.from(a).toString()))).toEqual([['SET', 'lua:key', 'from lua'], ['GET', 'lua:key']]);

    // The fast reader sees the same traffic as records.
    const reader = new MonitorReader();
    const count = reader.parse(readFileSync(out));
    expect(reader.end()).toBe(0);
    expect(reader.malformed).toBe(0);
    const b = reader.batch;
    const rows: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = b.keyId[i] >= 0 ? Buffer.from(reader.keys.bytesOf(b.keyId[i])).toString('hex') : '';
      rows.push(`${OP_NAMES[b.op[i]]} ${COMMANDS[b.command[i]].name} ${key} ${b.valueBytes[i]} ${b.ttlMs[i]} ${b.db[i]}`);
    }
    const k = (text: string | Buffer): string => Buffer.from(text).toString('hex');
    expect(rows).toEqual([
      `write SET ${k(trickyKey)} 256 300000 0`,
      `read GET ${k(trickyKey)} -1 -1 0`,
      `write SET ${k('quote')} 9 0 0`,
      `write MSET ${k('a')} 1 0 0`, `write MSET ${k('b')} 2 0 0`,
      `read MGET ${k('a')} -1 -1 0`, `read MGET ${k('b')} -1 -1 0`, `read MGET ${k('missing')} -1 -1 0`,
      `delete DEL ${k('a')} -1 0 0`, `delete DEL ${k('b')} -1 0 0`,
      `write SET ${k('ключ:😀')} 1 1500 0`, `expire PEXPIRE ${k('ключ:😀')} -1 5000 0`,
      `write SET ${k('dbkey')} 7 0 3`, `read GET ${k('dbkey')} -1 -1 3`,
      `write SET ${k('tx:1')} 1 0 0`, `write INCR ${k('tx:counter')} -1 -1 0`,
      `write SET ${k('lua:key')} 8 0 0`, `read GET ${k('lua:key')} -1 -1 0`,
      `read GETDEL ${k('quote')} -1 -1 0`, `delete GETDEL ${k('quote')} -1 0 0`,
      `delete EXPIRE ${k('dbkey-missing')} -1 0 0`,
    ]);
    expect(reader.keys.dbOf(reader.keys.size - 1)).toBe(0);
  });

  it('reads redis-cli\'s MONITOR output over a unix socket the same way as its own capture', async () => {
    const hasCli = spawnSync('redis-cli', ['--version']).status === 0;
    const server = await startManagedRedis({ unixSocket: true });
    servers.push(server);
    const socket = server.unixSocket ?? '';
    const ours = join(dir, 'unix.monitor');
    const controller = new AbortController();
    const capturing = captureMonitor({ url: `unix://${socket}`, durationMs: 60_000, out: ours, signal: controller.signal });
    const cliOut = join(dir, 'cli.monitor');
    const cli = hasCli ? spawn('sh', ['-c', `exec redis-cli -s '${socket}' monitor > '${cliOut}'`], { stdio: 'ignore' }) : null;
    const sender = new Redis({ path: socket, lazyConnect: true });
    await sender.connect();
    await waitForMonitors(sender, hasCli ? 2 : 1);
    await sender.set('u:1', 'x'.repeat(100), 'EX', 60);
    await sender.get('u:1');
    await sender.select(2);
    await sender.hset('h:1', 'f', 'v');
    await sender.ping('end');
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await capturing;
    if (cli?.pid) process.kill(cli.pid);
    sender.disconnect();

    // From the first SET on: the client's connection commands may come before redis-cli started.
    const fromFirstSet = (lines: MonitorLine[]): MonitorLine[] => lines.slice(lines.findIndex((l) => Buffer.from(l.args[0]).toString().toLowerCase() === 'set'));
    const mine = fromFirstSet(decodeAll(linesOf(ours)).filter((l) => l.clientKind === 'unix'));
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(mine.every((l) => l.source.startsWith('unix:'))).toBe(true);
    expect(mine.find((l) => Buffer.from(l.args[0]).toString().toLowerCase() === 'hset')?.db).toBe(2);
    if (cli) {
      const cliLines = linesOf(cliOut);
      expect(cliLines[0]).toBe('OK');
      const theirs = fromFirstSet(decodeAll(cliLines).filter((l) => l.clientKind === 'unix'));
      expect(theirs.map((l) => hex(l.args))).toEqual(mine.map((l) => hex(l.args)));
      const reader = new MonitorReader();
      reader.parse(readFileSync(cliOut));
      reader.end();
      expect(reader.malformed).toBe(0);
    }
  });
});
