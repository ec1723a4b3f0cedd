import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../run';
import { loadDesign } from '../../model';
import { LiveEngine } from './live-engine';
import { maxSpeedProblem } from './time-scale';
import { smallDesignYaml } from './test-support';

function planWith(ttl: string, duration: string, requests?: number) {
  const text = smallDesignYaml().replace(/ttl: [^,}\s]+/g, `ttl: ${ttl}`).replace(/duration: [^,}\s]+/, `duration: ${duration}`);
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, requests === undefined ? {} : { requests });
}

describe('--speed max on a live run', () => {
  it('is refused, naming the TTLs and the way out, when a TTL runs out within the plan', () => {
    expect(maxSpeedProblem(planWith('2s', '5s'))).toMatch(/TTLs of .* \(2 s\) run out within the plan's 5 s of traffic .* Use --speed N/);
    // A request budget that continues the plan past the TTL counts too.
    expect(maxSpeedProblem(planWith('10s', '5s', 10_000_000))).toMatch(/run out within the plan/);
  });

  it('runs a plan whose TTLs all outlast its traffic, or that caches without expiry', () => {
    expect(maxSpeedProblem(planWith('1h', '5s'))).toBeNull();
    expect(maxSpeedProblem(planWith('none', '5s'))).toBeNull();
    expect(maxSpeedProblem(planWith('0s', '5s'))).toBeNull();
  });

  it('refuses before touching any server, and the result names the speed it was asked for', async () => {
    const result = await new LiveEngine({ target: { url: 'redis://127.0.0.1:1/0' }, speed: 'max' }).run(planWith('2s', '5s'));
    expect(result.error?.code).toBe('config');
    expect(result.error?.message).toMatch(/--speed max sends as fast as the server answers/);
    expect(result.live.speed).toBe('max');
  });
});
