import { describe, expect, it } from 'vitest';
import { runCli } from './test-cli';

describe('keyspace run with rate limiters', () => {
  it('prints the limiter table of the rate-limit preset and checks its rateLimits targets', async () => {
    const { code, out } = await runCli('run', 'presets/ecommerce-rate-limit.yaml', '--requests', '30000');
    expect(code).toBe(0);
    expect(out).toContain('rate limits (against the exact sliding window)');
    const rows = out.split('\n').filter((line) => /^(minute-aligned|sliding-log|per-ip|api-key-hourly)\s/.test(line));
    expect(rows.map((row) => row.split(/\s+/).slice(0, 2))).toEqual([
      ['minute-aligned', 'fixed-window'], ['sliding-log', 'sliding-log'], ['per-ip', 'fixed-window'], ['api-key-hourly', 'sliding-counter'],
    ]);
    expect(out).toMatch(/pass rateLimits\.sliding-log\.overAdmitted==0: 0 ok/);
  }, 60_000);

  it('fails an assertion on a limiter the design does not have, naming it', async () => {
    const { code, out } = await runCli('run', 'presets/ecommerce-rate-limit.yaml', '--requests', '2000', '--ignore-targets', '--assert', 'rateLimits.nope.overAdmitted<=0');
    expect(code).toBe(1);
    expect(out).toContain('this run has no rateLimits.nope.overAdmitted');
  }, 60_000);
});
