#!/usr/bin/env node
/**
 * Runs Electronegativity (Doyensec's Electron security checks) over electron/ through its JS API
 * (the package's CLI does not start with the commander version installed here), prints every
 * finding, writes artifacts/electronegativity.csv, and fails on any HIGH severity finding.
 * Offline: the translation download it tries first times out after 1 s and is ignored.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

const input = resolve(process.argv[2] ?? 'electron');
const output = resolve('artifacts/electronegativity.csv');
mkdirSync(resolve('artifacts'), { recursive: true });

// The library logs its offline misses (translations, the releases list) on console.log.
const log = console.log;
console.log = (...args) => {
  if (!/Could not retrieve updated translations|fetching Electron's releases/.test(String(args[0]))) log(...args);
};
let report;
try {
  report = await run({
    input, output, isRelative: true, electronVersionOverride: electronVersion, severitySet: 'informational', confidenceSet: 'tentative',
    // Needs the network (GitHub's release list) and a package.json under the input; the version is pinned in package-lock.json.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  }, false);
} finally {
  console.log = log;
}

const parseErrors = report.errors.filter((error) => !error.tolerable);
const rows = report.issues.map((issue) => ({
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  check: issue.id,
  where: `${relative(process.cwd(), resolve(input, issue.file))}:${issue.location.line}:${issue.location.column}`,
  review: issue.manualReview ? 'review' : '',
}));
const order = { HIGH: 0, MEDIUM: 1, LOW: 2, INFORMATIONAL: 3 };
rows.sort((a, b) => (order[a.severity] ?? 9) - (order[b.severity] ?? 9) || a.where.localeCompare(b.where));

console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version} on ${relative(process.cwd(), input) || '.'} (Electron ${electronVersion}): ${report.globalChecks + report.atomicChecks} checks, ${rows.length} findings`);
if (rows.length > 0) {
  const columns = ['severity', 'confidence', 'check', 'where', 'review'];
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (values) => values.map((value, i) => value.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((column) => row[column])));
}
for (const error of parseErrors) console.error(`could not parse ${error.file}: ${error.message}`);
console.log(`wrote ${relative(process.cwd(), output)}`);

const high = rows.filter((row) => row.severity === 'HIGH');
if (high.length > 0 || parseErrors.length > 0) {
  console.error(`${high.length} HIGH severity finding${high.length === 1 ? '' : 's'}${parseErrors.length > 0 ? ` and ${parseErrors.length} unparsed files` : ''}: fix them or justify each with an inline "/* eng-disable CHECK_ID */" comment`);
  process.exit(1);
}
