import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main';
import { runCli } from './test-cli';
import { BASE, designCases } from './hostile/design-cases';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCli;

const STACK = /^\s+at |node:internal|\.ts:\d+:\d+\)|Error: /m;
const cases = designCases();

describe('hostile designs', () => {
  it('holds more than 60 cases and a base design that validates and runs', async () => {
    expect(cases.length).toBeGreaterThan(60);
    const base = join(dir, 'base.yaml');
    writeFileSync(base, BASE);
    expect((await cli('validate', base)).code).toBe(0);
    expect((await cli('run', base, '--quiet')).code).toBe(0);
  });

  it.each(cases.map((c, i) => [i, c.name] as const))('case %i (%s): validate and run exit 2 with located one-line messages, no stack', async (index) => {
    const hostile = cases[index];
    const file = join(dir, `case-${index}.yaml`);
    writeFileSync(file, hostile.text);
    for (const argv of [['validate', file], ['run', file, '--quiet']]) {
      const { code, out, err } = await cli(...argv);
      expect(code, `${argv[0]}: ${err}`).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(hostile.expect);
      expect(err).not.toMatch(STACK);
      for (const line of err.split('\n')) {
        // file:line:column path: cause, or file: cause for whole-file problems and costs.
        expect(line).toMatch(new RegExp(`^(keyspace run: )?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+ | \\(with --set\\)|: )`));
      }
    }
  });

  it('reports every bad file of validate a b c, not just the first', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, BASE);
    const bad = cases.slice(0, 3).map((c, i) => {
      const path = join(dir, `abc-${i}.yaml`);
      writeFileSync(path, c.text);
      return path;
    });
    const { code, out, err } = await cli('validate', bad[0], good, bad[1], bad[2]);
    expect(code).toBe(2);
    expect(out).toContain(`${good}: ok`);
    for (const path of bad) expect(err).toContain(path);
  });

  it('refuses directories, devices and oversize files before reading them', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 3 * 1024 * 1024);
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder);
    const expectations: Array<[string, RegExp]> = [
      [folder, /is a directory, not a file/],
      ['/dev/zero', /is a device, not a file/],
      [big, /is 3\.0 MB; a design \(YAML\) is at most 2\.0 MB/],
      [join(dir, 'missing.yaml'), /no such file/],
    ];
    for (const [path, expected] of expectations) {
      const { code, err } = await cli('validate', path);
      expect(code).toBe(2);
      expect(err).toMatch(expected);
      expect(err).not.toMatch(STACK);
    }
  });

  it('gives a --set that walks into a single value a message, not a stack trace', async () => {
    const base = join(dir, 'base-set.yaml');
    writeFileSync(base, BASE);
    const { code, err } = await cli('run', base, '--set', 'name.x=1');
    expect(code).toBe(2);
    expect(err).toMatch(/"name" is a single value/);
  });

  it('escapes terminal control characters in a design name it prints', async () => {
    const file = join(dir, 'escape.yaml');
    writeFileSync(file, BASE.replace('name: base', 'name: "\\e[2J\\e[Hcleared"'));
    const lines: string[] = [];
    const code = await main(['run', file, '--quiet'], { out: (t) => lines.push(t), err: (t) => lines.push(t), tty: null });
    expect(code).toBe(0);
    // In-process io is raw; the real process's io escapes. Check the process.
    const bin = spawnSync(process.execPath, ['bin/keyspace.mjs', 'run', file, '--quiet'], { encoding: 'utf8' });
    expect(bin.status).toBe(0);
    expect(bin.stdout).not.toContain('\u001b');
    expect(bin.stdout).toContain('\\x1b[2J\\x1b[Hcleared');
  });
});

// Whole processes, so memory and time are the real ones: each must stop within the caps.
const TIME = '/usr/bin/time';
const RSS_CAP_KB = 512 * 1024;
const WALL_CAP_MS = 20_000;

describe.skipIf(!existsSync(TIME))('hostile inputs in a real process (GNU time measures peak RSS)', () => {
  // Every case of the corpus, as a person would run it: its own process, its real memory and time.
  it.each(cases.map((c, i) => [i, c.name] as const))('case %i (%s): validate and run exit 2 under 512 MB and 20 s', (index) => {
    const hostile = cases[index];
    const file = join(dir, `proc-${index}.yaml`);
    writeFileSync(file, hostile.text);
    for (const command of ['validate', 'run']) {
      const started = Date.now();
      const child = spawnSync(TIME, ['-f', 'rss-kb %M', process.execPath, 'bin/keyspace.mjs', command, file], { encoding: 'utf8', timeout: WALL_CAP_MS + 5000 });
      const wallMs = Date.now() - started;
      const rss = Number(/rss-kb (\d+)/.exec(child.stderr)?.[1]);
      expect(child.status, child.stderr).toBe(2);
      expect(child.stderr).toMatch(hostile.expect);
      expect(child.stderr).not.toMatch(STACK);
      expect(rss).toBeLessThan(RSS_CAP_KB);
      expect(wallMs).toBeLessThan(WALL_CAP_MS);
    }
  });

  it('/dev/zero as a design: exit 2 under the caps', () => {
    const child = spawnSync(TIME, ['-f', 'rss-kb %M', process.execPath, 'bin/keyspace.mjs', 'validate', '/dev/zero'], { encoding: 'utf8', timeout: WALL_CAP_MS });
    expect(child.status).toBe(2);
    expect(Number(/rss-kb (\d+)/.exec(child.stderr)?.[1])).toBeLessThan(RSS_CAP_KB);
  });
});
