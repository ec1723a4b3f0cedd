/**
 * Playwright runs the e2e specs in Debian's chromium against browser mode (always), and under
 * Electron via _electron.launch when an Electron binary is present (see electron.spec.ts).
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.KEYSPACE_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: '../artifacts/e2e-results',
  // Builds dist/renderer once when it is missing or stale; the specs build nothing.
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['./summary-reporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
