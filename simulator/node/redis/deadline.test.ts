import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, formatMs, TimeBudget, withDeadline } from './deadline';

const never = (): Promise<never> => new Promise<never>(() => undefined);
const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('withDeadline', () => {
  it('passes through what settles in time, and rejects what does not with a timeout naming the wait', async () => {
    expect(await withDeadline(after(5, 'ok'), 1000, 'INFO on x')).toBe('ok');
    await expect(withDeadline(Promise.reject(new Error('boom')), 1000, 'INFO on x')).rejects.toThrow('boom');
    let expired = 0;
    const began = performance.now();
    const error = await withDeadline(never(), 50, 'INFO on 127.0.0.1:6379', () => expired++).catch((e: unknown) => e);
    expect(performance.now() - began).toBeLessThan(1000);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({ code: 'timeout', message: 'INFO on 127.0.0.1:6379 got no answer within 50 ms' });
    expect(expired).toBe(1);
  });

  it('ignores a late settlement, rejection included (no unhandled rejection)', async () => {
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('late')), 30));
    await expect(withDeadline(late, 5, 'x')).rejects.toBeInstanceOf(DeadlineExceededError);
    await after(60, undefined);
  });
});

describe('TimeBudget', () => {
  it('caps each step by the smaller of its cap and what is left, and skips steps once the total is spent', async () => {
    let now = 0;
    const budget = new TimeBudget(100, () => now);
    expect(budget.remainingMs()).toBe(100);
    await expect(budget.step('first', 20, never)).rejects.toThrow('first got no answer within 20 ms');
    now = 90;
    await expect(budget.step('second', 50, never)).rejects.toThrow('second got no answer within 10 ms');
    now = 100;
    let started = false;
    const skipped = budget.step('third', 50, () => {
      started = true;
      return after(1, 'never used');
    });
    await expect(skipped).rejects.toMatchObject({ code: 'timeout', message: 'third was not tried: the 100 ms allowed were spent' });
    expect(started).toBe(false);
  });
});

it('formats durations the way messages read', () => {
  expect([formatMs(300), formatMs(1000), formatMs(1500), formatMs(10_000)]).toEqual(['300 ms', '1 s', '1.5 s', '10 s']);
});
