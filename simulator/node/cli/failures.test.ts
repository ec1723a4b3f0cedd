import { describe, expect, it } from 'vitest';
import { runCli } from './test-cli';

describe('keyspace run with a failure timeline', () => {
  it('prints the failures table and the recommendations, and checks failures targets', async () => {
    const { code, out } = await runCli('run', 'presets/realtime-bus-failover.yaml');
    expect(code).toBe(0);
    const lines = out.split('\n');
    const header = lines.findIndex((line) => line === 'failures');
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^event\s+at\s+unavailable\s+errors\s+fell through\s+failed\s+keys lost/);
    expect(lines[header + 2]).toMatch(/^sentinel-failover\s+40\.00 s\s+31\.00 s\s/);
    expect(out).toMatch(/^fork copy-on-write headroom: [\d.]+ MB$/m);
    expect(out).toMatch(/^recommendation: sentinel-failover at 40\.0 s: .*prewarm the critical namespaces/m);
    expect(out).toMatch(/pass failures\.unavailableMs<=35s: 3\d{4}\.\dms ok/);
  }, 60_000);

  it('fails a recovery target the run misses', async () => {
    const { code, out } = await runCli('run', 'presets/realtime-bus-failover.yaml', '--ignore-targets', '--assert', 'failures.0.recoveryMs<=10s');
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL failures\.0\.recoveryMs<=10s: [\d.]+ms FAILED/);
  }, 60_000);
});
