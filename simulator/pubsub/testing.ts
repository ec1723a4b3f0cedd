/**
 * Test helpers: a pubsub section (as written in YAML) to a plan, and a plan run to its end.
 * Not exported from index.ts.
 */
import { pubsubSchema } from '../model';
import type { PubsubSpecInput } from '../model';
import { compilePubsubPlan } from './plan';
import type { PubsubPlan } from './plan';
import { runPubsub } from './run';
import type { PubsubRun } from './run';

export function planOf(input: PubsubSpecInput, durationMs = 10_000, seed = 1): PubsubPlan {
  return compilePubsubPlan(pubsubSchema.parse(input), { durationMs, seed });
}

export function runOf(input: PubsubSpecInput, durationMs = 10_000, seed = 1): PubsubRun {
  return runPubsub(planOf(input, durationMs, seed), 1000);
}

/** One channel group broadcast to every client, for tests that need a simple fan-out. */
export function broadcast(overrides: Partial<PubsubSpecInput> = {}): PubsubSpecInput {
  return {
    channels: [{ name: 'news', pattern: 'news', publishRate: '10/s', class: 'default', arrivals: 'even' }],
    workers: { count: 2 },
    clients: { total: 100 },
    ...overrides,
  };
}
