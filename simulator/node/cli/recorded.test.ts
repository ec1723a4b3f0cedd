/**
 * The recorded-traffic commands end to end: capture → anonymize → infer → replay. They are called
 * the way main() calls them (usage and input errors become exit code 2).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { formatMonitorLine } from '../../trace';
import { startManagedRedis } from '../redis';
import type { ManagedRedis } from '../redis';
import { anonymizeCommand } from './anonymize';
import { UsageError } from './args';
import { captureCommand } from './capture';
import { InputError } from './design-file';
import { inferCommand } from './infer';
import { parseSpeed, replayCommand } from './replay';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-recorded-'));
const servers: ManagedRedis[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

type Command = (argv: string[], io: { out: (t: string) => void; err: (t: string) => void; tty: null }) => Promise<number>;

async function cli(command: Command, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await command(argv, { out: (t) => out.push(t), err: (t) => err.push(t), tty: null });
  } catch (error) {
    if (error instanceof InputError) err.push(error.lines.join('\n'));
    else if (error instanceof UsageError) err.push(error.message);
    else throw error;
    code = 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const T0 = 1_700_000_000_000_000;

/** A MONITOR file of a small cache-aside workload: 3 namespaces, zipf-ish popularity. */
function sampleMonitor(): string {
  const lines = ['OK'];
  for (let i = 0; i < 3000; i++) {
    const t = T0 + i * 2000;
    const user = Math.floor(200 / (1 + (i * 7919) % 97));
    lines.push(formatMonitorLine(t, 0, '10.1.2.3:5000', ['GET', `user:${user}:profile`]));
    if (i % 5 === 0) lines.push(formatMonitorLine(t + 800, 0, '10.1.2.3:5000', ['SET', `user:${user}:profile`, 'p'.repeat(300), 'EX', '120']));
    if (i % 7 === 0) lines.push(formatMonitorLine(t + 100, 1, '10.1.2.4:5001', ['SETEX', `session:${(0xabc000 + i).toString(16)}ffff`, '1800', 's'.repeat(64)]));
    if (i % 11 === 0) lines.push(formatMonitorLine(t + 200, 0, '10.1.2.4:5001', ['HGETALL', `cart:${i % 50}`]));
  }
  return `${lines.join('\n')}\n`;
}

describe('keyspace capture', () => {
  it('records a dev server with a warning about MONITOR, then stops after the duration', async () => {
    const server = await startManagedRedis();
    servers.push(server);
    const out = join(dir, 'captured.monitor');
    const capturing = cli(captureCommand, '--redis', server.url, '--duration', '1500ms', '--out', out);
    const client = new Redis({ host: server.host, port: server.port });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 50; i++) await client.set(`user:${i}`, 'v'.repeat(i), 'EX', 60);
    const { code, out: stdout, err } = await capturing;
    client.disconnect();
    expect(code).toBe(0);
    expect(err).toMatch(/warning: MONITOR makes the server format and send every command/);
    expect(stdout).toMatch(/captured \d+ commands .* into .*captured\.monitor, stopped after 1500ms/);
    expect(readFileSync(out, 'utf8')).toMatch(/"set" "user:49" "v{49}" "EX" "60"/);
  });

  it('explains what is missing', async () => {
    expect((await cli(captureCommand, '--out', 'x.monitor')).err).toMatch(/--redis <url> is required/);
    expect((await cli(captureCommand, '--redis', 'redis://127.0.0.1:1', '--out', join(dir, 'x'), '--duration', 'soon')).err).toMatch(/--duration soon: expected a duration/);
    const refused = await cli(captureCommand, '--redis', 'redis://127.0.0.1:1', '--out', join(dir, 'x.monitor'), '--duration', '1s');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/cannot connect to/);
  });
});

describe('keyspace anonymize, infer and replay', () => {
  const monitor = join(dir, 'sample.monitor');
  writeFileSync(monitor, sampleMonitor());

  it('anonymizes: ids hashed with the salt, structure, sizes and timing kept, values dropped', async () => {
    const out = join(dir, 'anon.jsonl');
    const { code, out: stdout } = await cli(anonymizeCommand, monitor, '--out', out, '--salt', 'pepper');
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote [\d,]+ records with [\d,]+ anonymized keys/);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/user:\d+:profile|ppp|10\.1\.2/);
    expect(text.split('\n')[0]).toMatch(/^\{"ts":0\.000000,"cmd":"GET","key":"user:[0-9a-f]{16}:profile"\}$/);
    expect(text).toMatch(/"cmd":"SETEX","key":"session:[0-9a-f]{16}","valueSize":64,"ttl":1800,"db":1,"client":1\}/);
    expect(text).toMatch(/"cmd":"SET","key":"user:[0-9a-f]{16}:profile","valueSize":300,"ttl":120/);
    const again = join(dir, 'anon2.jsonl');
    await cli(anonymizeCommand, monitor, '--out', again, '--salt', 'pepper');
    expect(readFileSync(again, 'utf8')).toBe(text);
  });

  it('infers a valid, commented design from a capture and from its anonymized form alike', async () => {
    const out = join(dir, 'inferred.yaml');
    const { code, err } = await cli(inferCommand, monitor, '--out', out, '--maxmemory', '8mb', '--policy', 'allkeys-lru');
    expect(code).toBe(0);
    expect(err).toMatch(/sample\.monitor: monitor, [\d,]+ lines/);
    expect(err).toMatch(/user-profile\s+user:\{id\}:profile/);
    const yaml = readFileSync(out, 'utf8');
    const loaded = loadDesign(yaml);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.design.namespaces.map((ns) => ns.pattern)).toEqual(['user:{id}:profile', 'session:{hash}', 'cart:{id}']);
    expect(loaded.design.server).toMatchObject({ maxmemory: '8mb', maxmemoryPolicy: 'allkeys-lru' });
    expect(loaded.design.ttlMatrix.session.prod.ttl).toBe('30m');
    expect(yaml).toMatch(/# Inferred by keyspace infer from .*sample\.monitor \(monitor\)/);

    await cli(anonymizeCommand, monitor, '--out', join(dir, 'a.jsonl'), '--salt', 's');
    const anonymized = await cli(inferCommand, join(dir, 'a.jsonl'));
    expect(anonymized.out).toMatch(/pattern: user:\{hash\}:profile/);
  });

  it('replays a capture as recorded, with a design or with the one it infers, and checks assertions', async () => {
    const design = join(dir, 'inferred.yaml');
    const json = join(dir, 'result.json');
    const withDesign = await cli(replayCommand, monitor, '--design', design, '--json', json, '--assert', 'hitRatio>=0.1', '--assert', 'requests==4302');
    expect(withDesign.code).toBe(0);
    expect(withDesign.out).toMatch(/monitor, [\d,]+ lines .*; sim engine; as recorded \(a GET miss loads nothing\)/);
    expect(withDesign.out).toMatch(/pass hitRatio/);
    expect(JSON.parse(readFileSync(json, 'utf8')).engine).toBe('sim');
    const inferred = await cli(replayCommand, monitor, '--speed', 'max', '--cache-aside', '--maxmemory', '1mb', '--policy', 'allkeys-lfu');
    expect(inferred.code).toBe(0);
    expect(inferred.out).toMatch(/design: inferred from the trace \(3 namespaces\), server maxmemory 1mb allkeys-lfu/);
    expect(inferred.out).toMatch(/user-profile/);
    const failing = await cli(replayCommand, monitor, '--assert', 'hitRatio>=0.999');
    expect(failing.code).toBe(1);
  });

  it('refuses a file that is mostly malformed, naming the first bad lines, and warns about a few', async () => {
    const bad = join(dir, 'bad.monitor');
    writeFileSync(bad, `${formatMonitorLine(T0, 0, 'a:1', ['GET', 'k'])}\nnot a line\nnor this\n`);
    const refused = await cli(replayCommand, bad, '--format', 'monitor');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/bad\.monitor: 2 of 3 lines are malformed \(more than 10 %\)/);
    expect(refused.err).toMatch(/bad\.monitor:2:1: expected a timestamp/);
    const tolerated = await cli(replayCommand, bad, '--format', 'monitor', '--max-malformed', '70%');
    expect(tolerated.code).toBe(0);
    expect(tolerated.err).toMatch(/warning: skipped 2 malformed lines:\n.*bad\.monitor:2:1/);
    expect((await cli(replayCommand, join(dir, 'missing.monitor'))).err).toMatch(/missing\.monitor: no such file; name a trace/);
    const unknown = join(dir, 'unknown.txt');
    writeFileSync(unknown, 'hello\n');
    expect((await cli(inferCommand, unknown)).err).toMatch(/cannot tell the trace format .*\n +monitor +Redis MONITOR output/);
  });

  it('reads speeds as 1x, 10x, 0.5x or max', () => {
    expect(parseSpeed('1x')).toBe(1);
    expect(parseSpeed('10x')).toBe(10);
    expect(parseSpeed('0.5x')).toBe(0.5);
    expect(parseSpeed('max')).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseSpeed('fast')).toThrow(/--speed fast: expected 1x, 10x, 0.5x or max/);
  });
});
