/**
 * The hostile argument corpus: bad options, values and output paths for every command. Each must
 * exit 2 with one line naming the problem (no stack), before any work or side effect.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const D = 'presets/eviction-shootout.yaml';
const STACK = /^\s+at |node:internal|TypeError|ReferenceError|\[object Object\]/m;
const existing = join(dir, 'existing.txt');
writeFileSync(existing, 'keep me');
const trace = join(dir, 'keys.txt');
writeFileSync(trace, 'a\nb\nc\n');

const CASES: Array<[string, string[], RegExp]> = [
  ['unknown option', ['run', D, '--requets', '10'], /did you mean --requests/],
  ['unknown short option', ['run', D, '-x'], /unknown option/],
  ['option twice', ['run', D, '--env', 'prod', '--env', 'dev'], /given twice/],
  ['missing value', ['run', D, '--seed'], /needs a value/],
  ['switch with a value', ['run', D, '--quiet=1'], /is a switch/],
  ['negative seed', ['run', D, '--seed=-1'], /whole number from 0/],
  ['seed too big', ['run', D, '--seed', '4294967296'], /whole number from 0/],
  ['requests zero', ['run', D, '--requests', '0'], /whole number from 1/],
  ['requests NaN', ['run', D, '--requests', 'lots'], /whole number/],
  ['bad engine', ['run', D, '--engine', 'redis'], /use sim .* or live/],
  ['live-only flag on sim', ['run', D, '--redis', 'redis://127.0.0.1:1'], /needs --engine live/],
  ['two live targets', ['run', D, '--engine', 'live', '--managed', '--redis', 'redis://127.0.0.1:1'], /choose one target/],
  ['bad speed', ['run', D, '--engine', 'live', '--speed', 'fast'], /--speed fast/],
  ['bad assertion', ['run', D, '--assert', 'hitRatio'], /needs a comparison/],
  ['assertion NaN', ['run', D, '--assert', 'hitRatio>=NaN'], /not a ratio/],
  ['bad vary', ['run', D, '--vary', 'server.maxmemoryPolicy'], /must look like path=a,b,c/],
  ['bad set', ['run', D, '--set', 'nothing'], /must look like path=value/],
  ['set into a scalar', ['run', D, '--set', 'name.x=1'], /single value/],
  ['bad env', ['run', D, '--env', 'moon'], /moon/],
  ['json into a folder', ['run', D, '--json', dir], /is a folder/],
  ['json into a missing folder', ['run', D, '--json', join(dir, 'no', 'r.json')], /does not exist/],
  ['max-requests garbage', ['run', D, '--max-requests', 'x'], /--max-requests x/],
  ['max-memory garbage', ['run', D, '--max-memory', 'lots'], /--max-memory lots/],
  ['over a lowered limit', ['run', D, '--max-requests', '10'], /over the limit of 10/],
  ['two designs to run', ['run', D, D], /one design per run/],
  ['no design', ['run'], /name a design file/],
  ['trace with live', ['run', D, '--trace', trace, '--engine', 'live'], /replays on the simulator/],
  ['trace is a folder', ['run', D, '--trace', dir], /is a directory/],
  ['compare one design', ['compare', D], /at least two/],
  ['compare over a limit', ['compare', D, D, '--max-requests', '5'], /over the limit/],
  ['mrc over a limit', ['mrc', D, '--max-requests', '5'], /over the limit/],
  ['mrc sample rate', ['mrc', D, '--sample-rate', '2'], /--sample-rate 2/],
  ['diff one design', ['diff', D], /two design files/],
  ['diff a folder', ['diff', dir, D], /is a directory/],
  ['export into a file', ['export', D, '--out', existing], /is a file, not a folder/],
  ['export unknown format', ['export', D, '--to', 'xml', '--out', join(dir, 'e')], /xml/],
  ['export bad env', ['export', D, '--env', 'moon', '--out', join(dir, 'e')], /moon/],
  ['import without --from', ['import', existing], /--from env or --from conf/],
  ['import a folder', ['import', '--from', 'env', dir], /is a directory/],
  ['capture without out', ['capture', '--redis', 'redis://127.0.0.1:1'], /--out <file> is required/],
  ['capture too long', ['capture', '--redis', 'redis://127.0.0.1:1', '--out', join(dir, 'c.monitor'), '--duration', '99999999999d'], /at most 7d/],
  ['capture into a missing folder', ['capture', '--redis', 'redis://127.0.0.1:1', '--out', join(dir, 'no', 'c.monitor')], /does not exist/],
  ['anonymize onto its input', ['anonymize', trace, '--out', trace, '--salt', 's'], /is the input file itself/],
  ['anonymize into a folder', ['anonymize', trace, '--out', dir, '--salt', 's'], /is a folder/],
  ['infer into a folder', ['infer', trace, '--out', dir], /is a folder/],
  ['replay json into a folder', ['replay', trace, '--json', dir], /is a folder/],
  ['replay bad speed', ['replay', trace, '--speed', 'warp'], /speed/],
  ['slots without names', ['slots'], /./],
  ['cleanup without redis', ['cleanup'], /name the server/],
  ['cleanup with a bad URL', ['cleanup', '--redis', 'http://x'], /Unsupported scheme|--redis/],
  ['validate nothing', ['validate'], /name at least one design/],
  ['unknown command', ['runn', D], /did you mean "run"/],
];

describe('hostile arguments', () => {
  it.each(CASES.map(([name], i) => [i, name] as const))('case %i (%s): exit 2, one clear line, nothing written', async (index) => {
    const [, argv, expected] = CASES[index];
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), tty: null });
    const text = err.join('\n');
    expect(code, text).toBe(2);
    expect(text).toMatch(expected);
    expect(text).not.toMatch(STACK);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'c.monitor'))).toBe(false);
  });
});

// The same arguments to the real binary: exit 2, under the memory and time caps of the corpus.
const TIME = '/usr/bin/time';
describe.skipIf(!existsSync(TIME))('hostile arguments in a real process (GNU time measures peak RSS)', () => {
  it.each(CASES.map(([name], i) => [i, name] as const))('case %i (%s): exit 2 under 512 MB and 20 s', (index) => {
    const [, argv, expected] = CASES[index];
    const started = Date.now();
    const child = spawnSync(TIME, ['-f', 'rss-kb %M', process.execPath, 'bin/keyspace.mjs', ...argv], { encoding: 'utf8', timeout: 25_000 });
    expect(child.status, child.stderr).toBe(2);
    expect(child.stderr).toMatch(expected);
    expect(child.stderr).not.toMatch(STACK);
    expect(Number(/rss-kb (\d+)/.exec(child.stderr)?.[1])).toBeLessThan(512 * 1024);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
