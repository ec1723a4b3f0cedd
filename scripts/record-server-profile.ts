/**
 * Records what a real server reports for the profile memory cases (simulator/cache/profiles/
 * memory-cases.ts): MEMORY USAGE and the used_memory delta of each case, plus the startup memory.
 *
 *   node bin/run-ts.mjs scripts/record-server-profile.ts --server /path/to/redis-server --version redis-7.2 [--out file]
 *
 * Writes simulator/cache/profiles/fixtures/<version>.json unless --out says otherwise; with --hfe,
 * the hash-field-expiration cases (HFE_MEMORY_CASES, Redis 7.4+) into fixtures/<version>-hfe.json. The server is
 * started by the workbench's managed-server code (a temp dir, no persistence) and stopped after.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HFE_MEMORY_CASES, MEMORY_CASES } from '../simulator/cache/profiles/memory-cases';
import { measureServerMemory } from './server-profile-measure';

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const server = arg('server');
const version = arg('version');
if (!server || !version) {
  console.error('usage: record-server-profile.ts --server <redis-server or valkey-server> --version <profile id> [--out file]');
  process.exit(2);
}
const hfe = process.argv.includes('--hfe');
const out = arg('out') ?? fileURLToPath(new URL(`../simulator/cache/profiles/fixtures/${version}${hfe ? '-hfe' : ''}.json`, import.meta.url));
const measured = await measureServerMemory(server, hfe ? HFE_MEMORY_CASES : MEMORY_CASES);
const fixture = {
  profile: version,
  server: measured.server,
  command: `node bin/run-ts.mjs scripts/record-server-profile.ts --server ${server} --version ${version}${hfe ? ' --hfe' : ''}`,
  startup: measured.startup,
  cases: measured.cases,
};
writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${out}: ${measured.server.name} ${measured.server.version}, ${measured.cases.length} cases`);
for (const row of measured.cases) {
  console.log(`${row.id.padEnd(24)} ${row.encoding.padEnd(10)} MEMORY USAGE ${String(row.memoryUsage).padStart(7)} (mean ${row.memoryUsageMean.toFixed(1)})  used_memory/key ${(row.usedMemoryDelta / row.keys).toFixed(1)}`);
}
