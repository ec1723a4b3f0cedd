import { afterAll, describe, expect, it } from 'vitest';
import { managedServerPids } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { LiveEngine } from './live-engine';
import { smallPlan } from './test-support';

/** Short limits so each try ends in seconds: a command 1 s, reconnecting 1.5 s. */
const LIMITS = { commandTimeoutMs: 1000, reconnectDeadlineMs: 1500 };
/**
 * Each master of the three is killed once. The hang this guards against (ioredis's ready check's
 * CLUSTER INFO landing on the dead master) is ruled out by construction (enableReadyCheck: false in
 * redis/client-options.ts); 20 tries (~106 s in CI) repeated the same three cases.
 */
const TRIES = 3;

afterAll(async () => {
  expect(managedServerPids()).toEqual([]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('a cluster master killed mid-run', () => {
  it(`ends the run in bounded time naming the lost master, ${TRIES} times in a row`, async () => {
    const plan = smallPlan({ keys: 2000, rate: '2000/s', duration: '3s' });
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < TRIES; attempt++) {
      let ready: { url: string; pids: number[] } | undefined;
      let killedAt = 0;
      let victim = '';
      const killOneMaster = {
        snapshot: () => undefined,
        progress: ({ tMs }: { tMs: number }) => {
          if (tMs < 400 || killedAt !== 0 || !ready) return;
          // A different master each time; the URL lists the masters in the order of their pids.
          const index = attempt % ready.pids.length;
          victim = ready.url.slice('cluster://'.length).split(',')[index];
          process.kill(ready.pids[index], 'SIGKILL');
          killedAt = performance.now();
        },
      };
      const engine = new LiveEngine({ target: 'managed-cluster', shards: 3, alignStart: false, ...LIMITS, onReady: (info) => { ready = info; } });
      const result = await engine.run(plan, killOneMaster);
      const endedAfterMs = performance.now() - killedAt;
      const message = result.error?.message ?? '';
      outcomes.push(`try ${attempt}: ${victim} killed, ended ${Math.round(endedAfterMs)} ms later: ${result.error?.code} ${message.slice(0, 120)}`);
      expect(killedAt, outcomes.join('\n')).toBeGreaterThan(0);
      // Noticing (a failed command, or the 1 s command timeout), reconnecting (1.5 s), the final INFO and the teardown.
      expect(endedAfterMs, outcomes.join('\n')).toBeLessThan(8000);
      expect(result.partial).toBe(true);
      expect(result.error?.code).toBe('disconnected');
      expect(message).toMatch(/did not come back within 1\.5 s/);
      expect(message, outcomes.join('\n')).toContain(victim);
      expect(message).toMatch(/the cluster lost a master/);
      expect(message).toMatch(/not covered/);
      expect(message).not.toMatch(/cluster:\/\/host:port/);
      expect(result.live.gaps.length).toBeGreaterThan(0);
    }
    expect(outcomes).toHaveLength(TRIES);
  }, 60_000);
});
