/**
 * Writes presets/design.schema.json from the zod schema. With --check, fails when the committed file
 * is out of date instead of writing it (run in npm test).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { designJsonSchema } from '../simulator/model';

const target = new URL('../presets/design.schema.json', import.meta.url);
const text = `${JSON.stringify(designJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as stale */ }
  if (current !== text) {
    console.error('presets/design.schema.json is out of date with simulator/model; run `npm run schema`');
    process.exit(1);
  }
  console.log('presets/design.schema.json is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote presets/design.schema.json (${text.length} bytes)`);
}
