import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runResultSchema, simulate, snapshotSchema } from '../../simulator/run';
import type { RunPlan } from '../../simulator/run';
import { planOf } from './design-text';
import { PRESETS_DIR } from './test-support';
import { warmUp, WARMUP_DESIGN, WARMUP_REQUESTS } from './worker-warmup';

const warmUpPlan = () => planOf({ text: WARMUP_DESIGN, requests: WARMUP_REQUESTS }).plan;

describe('a warm worker\'s warm-up', () => {
  it('runs its design to the end through the schemas, checking only the first snapshots', async () => {
    let snapshots = 0;
    let result: unknown = null;
    const requests = await warmUp({
      plan: warmUpPlan,
      checkSnapshot: (snapshot) => { snapshotSchema.parse(snapshot); snapshots++; },
      checkResult: (value) => { result = runResultSchema.parse(JSON.parse(JSON.stringify(value))); },
    }, { aborted: false });
    expect(snapshots).toBe(20);
    expect(requests).toBe(WARMUP_REQUESTS);
    expect(result).toMatchObject({ requests: WARMUP_REQUESTS, partial: false });
  });

  it('stops within one chunk once the job has arrived, and checks no result', async () => {
    const stop = { aborted: false };
    let checkedResult = false;
    const done = warmUp({ plan: warmUpPlan, checkSnapshot: () => {}, checkResult: () => { checkedResult = true; } }, stop);
    await new Promise((resolve) => setImmediate(resolve));
    stop.aborted = true;
    // 500 requests a chunk: the chunk that was running when the job came, and the one before it.
    expect(await done).toBeLessThanOrEqual(1000);
    expect(checkedResult).toBe(false);
  });

  it('leaves nothing behind: a plan simulates to the same result before and after it', async () => {
    const catalogue: RunPlan = planOf({ text: readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8'), requests: 50_000 }).plan;
    const before = simulate(catalogue);
    await warmUp({ plan: warmUpPlan, checkSnapshot: () => {}, checkResult: () => {} }, { aborted: false });
    expect(simulate(catalogue)).toEqual(before);
  });

  it('never throws: a design it cannot compile costs only the speed-up', async () => {
    await expect(warmUp({ plan: () => planOf({ text: 'version: 1\nname: broken\n' }).plan, checkSnapshot: () => {}, checkResult: () => {} }, { aborted: false })).resolves.toBe(0);
  });
});
