/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../../../simulator/model';
import { compilePlan, scalePlan } from '../../../simulator/run';
import type { RunResult } from '../../../simulator/run';
import { presetText } from '../../testing/presets';
import { liveSpeedOf, speedLabel, speedMismatch, ttlText } from './speed';

const sim = { engine: 'sim' } as RunResult;
const live = (speed: unknown) => ({ engine: 'live', live: { speed } }) as unknown as RunResult;

describe('the speed of a run, as the renderer shows it', () => {
  it('reads live.speed, and nothing for a simulated run', () => {
    expect(liveSpeedOf(sim)).toBeNull();
    expect(liveSpeedOf(live(12.5))).toBe(12.5);
    expect(liveSpeedOf(live('max'))).toBe('max');
    expect(liveSpeedOf(live('fast'))).toBeNull();
    expect(speedLabel(live(12.5))).toBe('12.5× faster');
    expect(speedLabel(live(1))).toBe('as written (1×)');
    expect(speedLabel(live('max'))).toBe('max (unpaced)');
    expect(speedLabel(sim)).toBeNull();
  });

  it('warns when compared runs ran on different timelines, and only then', () => {
    expect(speedMismatch([{ label: 'a', result: sim }, { label: 'b', result: live(1) }])).toBeNull();
    expect(speedMismatch([{ label: 'a', result: live(10) }, { label: 'b', result: live(10) }])).toBeNull();
    expect(speedMismatch([{ label: 'sim', result: sim }, { label: 'redis', result: live(10) }])).toMatch(/^Different timelines: redis ran 10× faster\. Durations, latencies and rates/);
  });

  it('shows the design\'s TTL for a sped-up live run, and says what it ran as', () => {
    const loaded = loadDesign(presetText('session-store'));
    if (!loaded.ok) throw new Error('session-store does not load');
    const plan = compilePlan(loaded.design);
    const scaled = scalePlan(plan, 2.5);
    const sessions = plan.namespaces.findIndex((ns) => ns.name === 'sessions');
    expect(ttlText(plan.namespaces[sessions].ttlMs, null)).toBe('24 h 0 min');
    expect(ttlText(scaled.namespaces[sessions].ttlMs, 2.5)).toBe('24 h 0 min (ran as 9 h 36 min, at 2.5× speed)');
    expect(ttlText(null, 10)).toBe('none (no expiry)');
    expect(ttlText(0, 10)).toBe('not cached');
  });
});
