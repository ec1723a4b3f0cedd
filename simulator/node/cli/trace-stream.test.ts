import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan } from '../../run';
import type { RunPlan } from '../../run';
import { Rng } from '../../traffic';
import { runTrace, runTwoPhase } from './trace-run';
import { canStream, countLines, streamTrace } from './trace-stream';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = { out: () => {}, err: () => {}, tty: null };

function plan(policy: string): RunPlan {
  const yaml = readFileSync('bench/trace-bench.yaml', 'utf8')
    .replace('maxmemory: 22.7mb', 'maxmemory: 2mb')
    .replace('maxmemoryPolicy: allkeys-lru', `maxmemoryPolicy: ${policy}`)
    .replace('$schema: ../presets/design.schema.json\n', '');
  const loaded = loadDesign(yaml);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design);
}

/** A skewed trace over `keys` keys, some lines with sizes, some keys outside every namespace. */
function writeTrace(name: string, lines: number, keys: number, extra = ''): string {
  const rng = new Rng(7);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const k = Math.floor(keys * rng.nextFloat() ** 3);
    out.push(k % 11 === 0 ? `other:${k}` : k % 7 === 0 ? `key:${k},${200 + (k % 50)}` : `key:${k}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${extra}${out.join('\n')}`);
  return path;
}

async function both(design: RunPlan, file: string): Promise<{ streamed: string | null; twoPhase: string }> {
  const streamed = await streamTrace(design, file, new AbortController().signal);
  const twoPhase = await runTwoPhase(design, file, io);
  return { streamed: streamed.result ? JSON.stringify(streamed.result) : null, twoPhase: JSON.stringify(twoPhase) };
}

describe('streamed trace replay', () => {
  it('gives the same result as parsing first, across many batches and growing key arrays', async () => {
    // ~3.5 MB: several 1 MB batches, tens of thousands of keys (the arrays grow from 1024).
    const file = writeTrace('zipf.txt', 300_000, 60_000);
    for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random']) {
      const design = plan(policy);
      expect(canStream(design)).toBe(true);
      const { streamed, twoPhase } = await both(design, file);
      expect(streamed).not.toBeNull();
      expect(streamed).toBe(twoPhase);
    }
  }, 60_000);

  it('counts lines as the reader does; blank lines that change the plan send the caller back', async () => {
    const design = plan('allkeys-lru');
    const few = writeTrace('few-blank.txt', 2000, 100, '\n'.repeat(1500));
    expect(countLines(few)).toBe(3500);
    // 2000 or 3500 requests: the same 10 ms snapshot interval, so the stream's result stands.
    const same = await both(design, few);
    expect(same.streamed).toBe(same.twoPhase);
    const many = writeTrace('many-blank.txt', 20_000, 500, '\n'.repeat(15_000));
    const streamed = await streamTrace(design, many, new AbortController().signal);
    expect(streamed.requests).toBe(20_000);
    expect(streamed.result).toBeNull();
    const fallback = await runTrace(design, many, io);
    expect(JSON.stringify(fallback)).toBe(JSON.stringify(await runTwoPhase(design, many, io)));
  });

  it('counts newlines a word at a time: every alignment, \\r\\n, a last line without a newline, bytes that differ from \\n in one bit', () => {
    const rng = new Rng(11);
    // \n is 0x0a; 0x0b, 0x08, 0x8a and 0x2a differ from it in one bit, 0x00 and 0xff test the word arithmetic's edges.
    const alphabet = [0x0a, 0x0a, 0x0b, 0x08, 0x8a, 0x2a, 0x00, 0xff, 0x0d, 0x61];
    for (let length = 0; length < 40; length++) {
      for (let trial = 0; trial < 5; trial++) {
        const bytes = Buffer.alloc(length);
        for (let i = 0; i < length; i++) bytes[i] = alphabet[rng.nextU32() % alphabet.length];
        const file = join(dir, `count-${length}-${trial}.txt`);
        writeFileSync(file, bytes);
        let newlines = 0;
        for (const b of bytes) if (b === 0x0a) newlines++;
        const expected = length === 0 || bytes[length - 1] === 0x0a ? newlines : newlines + 1;
        expect(countLines(file), `${bytes.toString('hex')}`).toBe(expected);
      }
    }
  });
});
