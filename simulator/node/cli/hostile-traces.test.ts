/**
 * The hostile trace corpus: files that are not traces, traces whose lines are too long, whose
 * numbers are not finite or whose times leap decades, fed to every command that reads a trace.
 * Each must end in exit 2 with a located message (or exit 0 with the bad lines reported by line
 * number), never a stack trace, and in bounded memory and time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-hostile-traces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCli;

const STACK = /^\s+at |node:internal|Error: |\[object Object\]|Infinity/m;
const jsonl = (records: Array<Record<string, unknown>>): string => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const gets = (n: number, t0 = 0): Array<Record<string, unknown>> => Array.from({ length: n }, (_, i) => ({ ts: t0 + i / 100, cmd: 'GET', key: `user:${i % 50}` }));
const MB = 1024 * 1024;

interface TraceCase {
  name: string;
  /** File content, or a path to use as it is. */
  content: string | Buffer | { path: string };
  /** refused: exit 2 with `expect` in stderr; warned: exit 0 with `expect` (a located line) in the output. */
  outcome: 'refused' | 'warned';
  expect: RegExp;
}

const CASES: TraceCase[] = [
  { name: 'a directory', content: { path: dir }, outcome: 'refused', expect: /is a directory, not a file/ },
  { name: '/dev/zero', content: { path: '/dev/zero' }, outcome: 'refused', expect: /is a device, not a file/ },
  { name: 'a missing file', content: { path: join(dir, 'nope.jsonl') }, outcome: 'refused', expect: /no such file/ },
  { name: 'an empty file', content: '', outcome: 'refused', expect: /./ },
  { name: 'blank lines only', content: '\n\n\n', outcome: 'refused', expect: /./ },
  { name: '3 MB without a newline', content: 'x'.repeat(3 * MB), outcome: 'refused', expect: /./ },
  { name: 'JSONL of 2 MB keys', content: jsonl(Array.from({ length: 12 }, (_, i) => ({ ts: i, cmd: 'GET', key: 'k'.repeat(2 * MB) }))), outcome: 'refused', expect: /:\d+:1: line is 2\.0 MB long/ },
  { name: 'binary garbage', content: Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 256)), outcome: 'refused', expect: /./ },
  { name: 'NUL bytes', content: Buffer.alloc(100_000), outcome: 'refused', expect: /./ },
  { name: 'one epoch timestamp among relative ones', content: jsonl([...gets(500), { ts: 1733500000, cmd: 'GET', key: 'user:1' }, ...gets(500, 5)]), outcome: 'warned', expect: /:501:1: time jumps \d+\.\d years/ },
  { name: 'a timestamp decades back', content: jsonl([...gets(500, 1733500000), { ts: 1, cmd: 'GET', key: 'user:1' }]), outcome: 'warned', expect: /:501:1: time jumps back/ },
  { name: 'a trace of 40 days', content: jsonl(Array.from({ length: 1000 }, (_, i) => ({ ts: i * 3500, cmd: 'GET', key: 'k' }))), outcome: 'refused', expect: /a trace spans at most 31 days/ },
  { name: 'a trace of 32 days, mostly inside 31', content: jsonl(Array.from({ length: 1000 }, (_, i) => ({ ts: i * 2700, cmd: 'GET', key: 'k' }))), outcome: 'warned', expect: /:\d+:1: time is 31\.\d days after the first record/ },
  { name: 'ts 1e400', content: jsonl([...gets(100), { ts: '1e400', cmd: 'GET', key: 'a' }]).replace('"1e400"', '1e400'), outcome: 'warned', expect: /:101:1: the time is not a finite number/ },
  { name: 'valueSize 1e300', content: jsonl([...gets(100), { ts: 2, cmd: 'SET', key: 'a', valueSize: 1e300 }]), outcome: 'warned', expect: /:101:1: value size .* up to 512 MB/ },
  { name: 'valueSize 3 GB', content: jsonl([...gets(100), { ts: 2, cmd: 'SET', key: 'a', valueSize: 3 * 1024 * MB }]), outcome: 'warned', expect: /:101:1: value size/ },
  { name: 'ttl 1e300', content: jsonl([...gets(100), { ts: 2, cmd: 'SET', key: 'a', ttl: 1e300 }]), outcome: 'warned', expect: /:101:1: TTL .* over 100 years/ },
  { name: 'negative ts', content: jsonl([...gets(100), { ts: -5, cmd: 'GET', key: 'a' }]), outcome: 'warned', expect: /:101:\d+: "ts" must be a number/ },
  { name: 'mostly malformed JSONL', content: `${'{"ts": 1, "cmd": "GET"}\n'.repeat(200)}`, outcome: 'refused', expect: /missing "key"/ },
  { name: 'MONITOR with an unclosed quote', content: `OK\n${Array.from({ length: 200 }, (_, i) => `1733500000.${String(100000 + i)} [0 127.0.0.1:5000] "GET "user:${i}"`).join('\n')}\n`, outcome: 'refused', expect: /./ },
  { name: 'MONITOR with one 2 MB line', content: `${Array.from({ length: 200 }, (_, i) => `1733500000.${String(100000 + i)} [0 127.0.0.1:5000] "GET" "user:${i}"`).join('\n')}\n1733500001.000000 [0 127.0.0.1:5000] "SET" "big" "${'v'.repeat(2 * MB)}"\n`, outcome: 'warned', expect: /:201:1: line is 2\.0 MB long/ },
];

const COMMANDS: Array<[string, (file: string) => string[]]> = [
  ['replay', (file) => ['replay', file]],
  ['infer', (file) => ['infer', file]],
  ['anonymize', (file) => ['anonymize', file, '--out', join(dir, 'anon-out.jsonl'), '--salt', 'corpus']],
];

function materialize(index: number, traceCase: TraceCase): string {
  if (typeof traceCase.content === 'object' && 'path' in traceCase.content) return traceCase.content.path;
  const path = join(dir, `case-${index}.jsonl`);
  writeFileSync(path, traceCase.content);
  return path;
}

describe('hostile traces', () => {
  const runs = CASES.flatMap((c, i) => COMMANDS.map(([command]) => [i, c.name, command] as const));

  it.each(runs)('case %i (%s) through %s', async (index, _name, command) => {
    const traceCase = CASES[index];
    const file = materialize(index, traceCase);
    const argv = (COMMANDS.find(([name]) => name === command) as [string, (file: string) => string[]])[1](file);
    const { code, out, err } = await cli(...argv);
    const all = `${out}\n${err}`;
    expect(all).not.toMatch(STACK);
    if (traceCase.outcome === 'refused') {
      expect(code, err).toBe(2);
      expect(err).toMatch(traceCase.expect);
      expect(err.split('\n')[0]).toContain(typeof traceCase.content === 'object' && 'path' in traceCase.content ? traceCase.content.path : file);
    } else {
      expect(code, err).toBe(0);
      expect(all).toMatch(traceCase.expect);
    }
  });

  it('run --trace refuses a MONITOR capture and a JSONL trace with the command that reads them', async () => {
    const monitor = join(dir, 'capture.monitor');
    writeFileSync(monitor, '1733500000.123456 [0 127.0.0.1:5000] "GET" "a"\n');
    const lines = join(dir, 'commands.jsonl');
    writeFileSync(lines, jsonl(gets(3)));
    for (const [file, kind] of [[monitor, 'a MONITOR capture'], [lines, 'a JSON-lines trace']]) {
      const { code, err } = await cli('run', 'presets/eviction-shootout.yaml', '--trace', file);
      expect(code).toBe(2);
      expect(err).toContain(`${file} is ${kind}`);
      expect(err).toContain(`keyspace replay ${file}`);
    }
  });

  it('run --trace skips a 3 MB key line by number and refuses a file of nothing else', async () => {
    const mixed = join(dir, 'keys.txt');
    writeFileSync(mixed, `${Array.from({ length: 300 }, (_, i) => `user:${i % 30}`).join('\n')}\n${'k'.repeat(3 * MB)}\nuser:1\n`);
    const ok = await cli('run', 'presets/eviction-shootout.yaml', '--trace', mixed, '--ignore-targets');
    expect(ok.code, ok.err).toBe(0);
    expect(`${ok.out}\n${ok.err}`).toMatch(/:301: line is 3\.0 MB long/);
    const only = join(dir, 'one-line.txt');
    writeFileSync(only, 'k'.repeat(3 * MB));
    const refused = await cli('run', 'presets/eviction-shootout.yaml', '--trace', only);
    expect(refused.code).toBe(2);
    expect(refused.err).not.toMatch(STACK);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const notFile = await cli('run', 'presets/eviction-shootout.yaml', '--trace', folder);
    expect(notFile.code).toBe(2);
    expect(notFile.err).toMatch(/is a directory, not a file/);
  });
});

const TIME = '/usr/bin/time';
describe.skipIf(!existsSync(TIME))('hostile traces in a real process (GNU time measures peak RSS)', () => {
  it.each(CASES.map((c, i) => [i, c.name] as const))('case %i (%s): replay and infer end under 512 MB and 30 s', (index) => {
    const traceCase = CASES[index];
    const file = materialize(index, traceCase);
    for (const command of ['replay', 'infer']) {
      const started = Date.now();
      const child = spawnSync(TIME, ['-f', 'rss-kb %M', process.execPath, 'bin/keyspace.mjs', command, file], { encoding: 'utf8', timeout: 60_000 });
      expect(child.stderr).not.toMatch(STACK);
      expect(child.status, child.stderr).toBe(traceCase.outcome === 'refused' ? 2 : 0);
      expect(Number(/rss-kb (\d+)/.exec(child.stderr)?.[1])).toBeLessThan(512 * 1024);
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  });

  it('a 200 MB sparse file with no newline: bounded memory and time', () => {
    const file = join(dir, 'proc-sparse.jsonl');
    writeFileSync(file, '');
    spawnSync('truncate', ['-s', '200M', file]);
    for (const command of ['replay', 'infer']) {
      const started = Date.now();
      const child = spawnSync(TIME, ['-f', 'rss-kb %M', process.execPath, 'bin/keyspace.mjs', command, file], { encoding: 'utf8', timeout: 60_000 });
      expect(child.stderr).not.toMatch(STACK);
      expect(child.status).toBe(2);
      expect(Number(/rss-kb (\d+)/.exec(child.stderr)?.[1])).toBeLessThan(512 * 1024);
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  });
});
