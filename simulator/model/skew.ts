/** The popularity skew shared by namespaces and rate-limiter client populations. */
import { z } from 'zod';
import { percent } from './fields';

/** How requests spread over a population (a namespace's keys, a limiter's clients). */
export const keySkew = z.discriminatedUnion('dist', [
  z.object({
    dist: z.literal('zipf'),
    alpha: z.number().gt(0, 'zipf alpha must be above 0 (try 0.6–1.4; 1.0 is classic web traffic)')
      .max(5, 'zipf alpha above 5 sends every request to one key; real workloads sit between 0.5 and 1.5'),
  }).strict(),
  z.object({ dist: z.literal('uniform') }).strict(),
  z.object({ dist: z.literal('gaussian'), stddev: percent.describe('spread as a share of the key space') }).strict(),
  z.object({
    dist: z.literal('hotspot'),
    hotKeys: percent.describe('share of keys that are hot'),
    hotRequests: percent.describe('share of requests that go to the hot keys'),
  }).strict(),
]);
