/**
 * Slow fidelity checks kept out of `npm test` (CI's time budget): `npm run fidelity:curve`. The
 * same settings as vitest.config.ts, over bench/**\/*.fidelity.ts only.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  test: { ...base.test, include: ['bench/**/*.fidelity.ts'], testTimeout: 600_000 },
});
