/**
 * `npm run bench`: runs each benchmark case in its own Node process (so peak memory is the case's
 * own) and prints one table. Numbers only — nothing here passes or fails on time.
 * Usage: npm run bench [-- case…]   (default: every case)
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { CASES } from './cases';

const selected = process.argv.slice(2);
const names = selected.length > 0 ? selected : Object.keys(CASES);
console.log(`Keyspace Workbench benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
console.log('each case runs in a fresh process; peak RSS includes the TypeScript loader (~60 MB)\n');
for (const name of names) {
  if (!CASES[name]) {
    console.error(`unknown case "${name}"; cases: ${Object.keys(CASES).join(', ')}`);
    process.exit(2);
  }
  const output = execFileSync(process.execPath, ['--expose-gc', 'bin/run-ts.mjs', 'bench/case-runner.ts', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const lines = output.trim().split('\n').filter((line) => line.startsWith('{'));
  for (const line of lines) {
    const row = JSON.parse(line) as { case: string; metrics: Record<string, string | number> };
    console.log(`${row.case}`);
    for (const [key, value] of Object.entries(row.metrics)) console.log(`  ${key.padEnd(34)} ${typeof value === 'number' ? formatNumber(value) : value}`);
  }
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value.toFixed(3);
}
