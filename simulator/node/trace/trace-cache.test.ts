import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan } from '../../run';
import type { RunPlan } from '../../run';
import { Rng } from '../../traffic';
import { KeyTraceEngine, runTwoPhase } from '../cli/trace-run';
import { streamTrace } from '../cli/trace-stream';
import { cacheFileOf } from './trace-cache';
import type { CacheSettings } from './trace-cache';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-trace-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = { out: () => {}, err: () => {}, tty: null };
const settings: CacheSettings = { dir: join(dir, 'cache'), maxBytes: 64 * 1024 * 1024 };

function plan(): RunPlan {
  const yaml = readFileSync('bench/trace-bench.yaml', 'utf8')
    .replace(/maxmemory: [\d.]+mb/, 'maxmemory: 2mb')
    .replace('$schema: ../presets/design.schema.json\n', '');
  const loaded = loadDesign(yaml);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design);
}

/** A skewed trace: some lines with value sizes, some keys outside the namespace, a malformed line. */
function writeTrace(name: string, lines: number, keys: number, seed = 7, malformed = true): string {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const k = Math.floor(keys * rng.nextFloat() ** 3);
    out.push(k % 11 === 0 ? `other:${k}` : k % 7 === 0 ? `key:${k},${200 + (k % 50)}` : `key:${k}`);
  }
  if (malformed) out.splice(5, 0, 'key:1,notanumber');
  const path = join(dir, name);
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

/** A digest of the JSON (a failed comparison prints two hashes, not two results of 100 kB). */
const json = (value: unknown) => createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('hex');
const stream = (design: RunPlan, file: string, cache: CacheSettings | null = settings) => streamTrace(design, file, new AbortController().signal, cache);

describe('the parsed-trace cache', () => {
  const design = plan();

  it('is written by the first run and read by the next, with the same result as parsing the text', async () => {
    // ~2.5 MB: several 1 MB batches, so several records.
    const file = writeTrace('zipf.txt', 220_000, 40_000);
    const reference = json(await runTwoPhase(design, file, io));
    const first = await stream(design, file);
    expect(first.from).toBe('text');
    expect(existsSync(cacheFileOf(settings, file))).toBe(true);
    const second = await stream(design, file);
    expect(second.from).toBe('cache');
    expect(json(first.result)).toBe(reference);
    expect(json(second.result)).toBe(reference);
    expect([second.lines, second.requests, second.malformed]).toEqual([first.lines, first.requests, first.malformed]);
    expect(second.malformedLines).toEqual(first.malformedLines);
    // The cache lives in its own folder, never beside the trace.
    expect(readdirSync(dir).filter((name) => name.endsWith('.bin'))).toEqual([]);
  }, 60_000);

  it('is invalidated when the file changes: appended to, or rewritten with the same size', async () => {
    const file = writeTrace('changing.txt', 20_000, 3000);
    await stream(design, file);
    appendFileSync(file, 'key:999999\n');
    const appended = await stream(design, file);
    expect(appended.from).toBe('text');
    expect(json(appended.result)).toBe(json(await runTwoPhase(design, file, io)));
    // Same size, same mtime (as cp -p would keep it), different head.
    const { mtime, size } = statSync(file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `z${text.slice(1)}`);
    expect(statSync(file).size).toBe(size);
    utimesSync(file, mtime, mtime);
    const rewritten = await stream(design, file);
    expect(rewritten.from).toBe('text');
    expect(json(rewritten.result)).toBe(json(await runTwoPhase(design, file, io)));
  }, 60_000);

  it('survives a corrupt or hostile cache: bad headers are ignored, a bad record midway falls back to the text', async () => {
    const file = writeTrace('hostile.txt', 120_000, 20_000, 9, false);
    const twoPhase = await runTwoPhase(design, file, io);
    const reference = json(twoPhase);
    const referenceWithoutWarnings = json({ ...twoPhase, warnings: [] });
    const cacheFile = cacheFileOf(settings, file);
    await stream(design, file);
    const good = readFileSync(cacheFile);
    const damages: Array<[string, (bytes: Buffer) => Buffer]> = [
      ['truncated', (b) => b.subarray(0, b.length - 100)],
      ['header byte flipped', (b) => { b[20] ^= 1; return b; }],
      ['empty', () => Buffer.alloc(0)],
      ['another version', (b) => { b[8] = 99; return b; }],
      ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255))],
    ];
    for (const [what, damage] of damages) {
      writeFileSync(cacheFile, damage(Buffer.from(good)));
      const run = await stream(design, file);
      expect(run.from, what).toBe('text');
      expect(json(run.result), what).toBe(reference);
    }
    // A record's id out of range, and a record's request count past the file, behind a valid header:
    // found midway, after batches went out. The stream gives up, removes the cache; the engine
    // parses the text and says so.
    const idsAt = (b: Buffer, at: number) => at + 16 + 4 * b.readInt32LE(at + 4) + ((b.readInt32LE(at + 8) + 3) & ~3);
    const second = (b: Buffer) => idsAt(b, 96) + 4 * b.readInt32LE(96) * (1 + b.readInt32LE(96 + 12));
    const midway: Array<[string, (b: Buffer) => void]> = [
      ['id out of range', (b) => b.writeInt32LE(2 ** 30, idsAt(b, second(b)) + 4 * 1000)],
      ['request count too large', (b) => b.writeInt32LE(2 ** 23, second(b))],
    ];
    for (const [what, damage] of midway) {
      const bytes = Buffer.from(good);
      damage(bytes);
      writeFileSync(cacheFile, bytes);
      const run = await stream(design, file);
      expect(run.corruptCache, what).toBe(cacheFile);
      expect(run.result, what).toBeNull();
      expect(existsSync(cacheFile), what).toBe(false);
      writeFileSync(cacheFile, bytes);
      process.env.KEYSPACE_TRACE_CACHE = settings.dir;
      const warnings: string[] = [];
      const engine = new KeyTraceEngine({ kind: 'key-trace', file, stream: true, onWarning: (m) => warnings.push(m) });
      const result = await engine.run(design, undefined, new AbortController().signal);
      delete process.env.KEYSPACE_TRACE_CACHE;
      expect(json({ ...result, warnings: [] }), what).toBe(referenceWithoutWarnings);
      expect(warnings.some((w) => w.includes('was corrupt')), what).toBe(true);
    }
  }, 60_000);

  it('stays within its budget: a trace too big is not cached, older caches go first', async () => {
    const small: CacheSettings = { dir: join(dir, 'small-cache'), maxBytes: 150_000 };
    const big = writeTrace('big.txt', 200_000, 10_000);
    expect((await stream(design, big, small)).from).toBe('text');
    expect(existsSync(cacheFileOf(small, big))).toBe(false);
    expect(readdirSync(small.dir)).toEqual([]);
    const a = writeTrace('a.txt', 8000, 2000, 1);
    const b = writeTrace('b.txt', 8000, 2000, 2);
    await stream(design, a, small);
    expect(existsSync(cacheFileOf(small, a))).toBe(true);
    await stream(design, b, small);
    expect(existsSync(cacheFileOf(small, b))).toBe(true);
    expect(existsSync(cacheFileOf(small, a))).toBe(false);
    expect((await stream(design, b, small)).from).toBe('cache');
  }, 60_000);
});
