/** Runs one benchmark case in this process and prints its metrics as one JSON line per row. */
import { CASES } from './cases';

const name = process.argv[2];
const run = CASES[name];
if (!run) {
  console.error(`unknown case ${name}`);
  process.exit(2);
}
for (const row of await run()) {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ case: row.case, metrics: { ...row.metrics, 'peak RSS (MB)': Math.round(maxRssMb) } }));
}
