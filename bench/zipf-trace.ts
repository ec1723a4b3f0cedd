/**
 * Writes a zipf(1.0) key trace (`key:{id}` per line, seed 42 — the bench's request stream) as a
 * stream: constant memory whatever the line count, so a 100 M-line trace can be generated, or
 * piped, without holding it.
 * Usage: node bin/run-ts.mjs bench/zipf-trace.ts <file|-> [lines] [keys]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createKeySampler, Rng } from '../simulator/traffic';

/** Writes `lines` zipf(1.0) keys over `keys` distinct ids to the descriptor, 100 k lines a write. */
export function writeZipfTrace(fd: number, lines: number, keys: number): void {
  const sampler = createKeySampler({ kind: 'zipf', alpha: 1.0 }, keys, new Rng(42));
  for (let start = 0; start < lines; start += 100_000) {
    let text = '';
    const end = Math.min(lines, start + 100_000);
    for (let i = start; i < end; i++) text += `key:${sampler.next()}\n`;
    writeSync(fd, text);
  }
}

if (process.argv[1]?.endsWith('zipf-trace.ts')) {
  const [target, lines = '10000000', keys = '1000000'] = process.argv.slice(2);
  if (!target) {
    console.error('usage: zipf-trace.ts <file|-> [lines] [keys]');
    process.exit(2);
  }
  const fd = target === '-' ? 1 : openSync(target, 'w');
  writeZipfTrace(fd, Number(lines), Number(keys));
  if (target !== '-') closeSync(fd);
}
