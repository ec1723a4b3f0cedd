#!/usr/bin/env node
/**
 * `npm ci` refuses a lock in which a parent names an optional dependency that has no entry
 * ("Missing: @rollup/rollup-android-arm-eabi@ from lock file"). npm leaves such an entry out when
 * the registry lacks that platform's package for the locked version. This check fails early with
 * the fix: pin the parent (package.json "overrides") to a version whose platform packages all exist.
 */
import { readFileSync } from 'node:fs';

const { packages } = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const missing = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    const nested = `${path === '' ? '' : `${path}/`}node_modules/${name}`;
    if (!packages[nested] && !packages[`node_modules/${name}`]) missing.push(`${name} (wanted by ${path || 'the root'})`);
  }
}
if (missing.length > 0) {
  console.error(`package-lock.json lacks ${missing.length} optional packages, so npm ci will fail:\n  ${missing.slice(0, 5).join('\n  ')}`);
  console.error('Pin the parent in package.json "overrides" to a version the registry has for every platform, then npm install.');
  process.exit(1);
}
console.log('package-lock.json: every optional dependency has an entry (npm ci can install it)');
