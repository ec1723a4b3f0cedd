#!/usr/bin/env node
// The closing line of `npm test`: the counts every suite recorded (scripts/test-counts.ts), summed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'artifacts', 'test-counts');
const suites = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const name of suites) {
  const counts = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  for (const key of Object.keys(total)) total[key] += counts[key] ?? 0;
}
if (suites.length === 0) {
  console.error('no suite recorded its counts');
  process.exit(1);
}
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
