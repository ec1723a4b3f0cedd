/**
 * Checks of the Run settings a person types: a seed or a request budget that is not a whole number
 * in range is refused with a message (never silently changed: "-1.5" is not the seed 15).
 */
import { MAX_RUN_SHARDS } from '../../../electron/common';
import { isImageReference } from '../../../simulator/run/container-image';
import { parseSpeed } from '../../../simulator/run/time-scale';
import type { RunOptions } from './slice';

export const MAX_SEED = 2 ** 32 - 1;
export const MAX_REQUESTS = 1e10;
/** The fastest factor the host takes (startRun's speed). */
export const MAX_SPEED = 1e6;

export interface RunOptionProblems { seed?: string; requests?: string; shards?: string; speed?: string; image?: string }

/** What is wrong with each typed number, by field; empty when both are usable (or left empty). */
export function runOptionProblems(options: Pick<RunOptions, 'seed' | 'requests'> & Partial<Pick<RunOptions, 'engine' | 'shards' | 'managedServerId' | 'speed' | 'image'>>): RunOptionProblems {
  const problems: RunOptionProblems = {};
  const speed = options.speed === undefined ? 'auto' : parseSpeed(options.speed);
  if (options.engine !== undefined && options.engine !== 'sim' && (speed === null || (typeof speed === 'number' && speed > MAX_SPEED))) {
    problems.speed = `"${options.speed ?? ''}" is not a speed: write a factor above 0 and up to ${MAX_SPEED.toLocaleString('en-US')} (2, 2.5 or 25x).`;
  }
  if (options.engine === 'managed-cluster' && !options.managedServerId && shardsOf(options.shards ?? '3', MAX_RUN_SHARDS) === null) {
    problems.shards = `"${options.shards ?? ''}" is not a shard count for a run's new cluster: write a whole number from 1 to ${MAX_RUN_SHARDS}.`;
  }
  const image = options.image?.trim() ?? '';
  if (options.engine === 'container' && image !== '' && !isImageReference(image)) {
    problems.image = `"${image}" is not an image name: write a reference like redis:7 or registry.example.com/team/redis:7.2 (lowercase), or leave it empty for redis:7.`;
  }
  const seed = options.seed.trim();
  if (seed !== '' && (!/^\d+$/.test(seed) || Number(seed) > MAX_SEED)) {
    problems.seed = `"${seed}" is not a seed: write a whole number from 0 to ${MAX_SEED}, or leave it empty for the design's seed.`;
  }
  const requests = options.requests.trim();
  if (requests !== '' && (!/^\d+$/.test(requests) || Number(requests) < 1 || Number(requests) > MAX_REQUESTS)) {
    problems.requests = `"${requests}" is not a request budget: write a whole number from 1 to ${MAX_REQUESTS.toExponential().replace('e+', 'e')}, or leave it empty for all phases.`;
  }
  return problems;
}

/** Masters of a managed cluster started in Managed servers (the host refuses more processes than it keeps). */
export const MAX_SHARDS = 16;

/** A typed shard count (1 … max), or null when it is not one. */
export function shardsOf(text: string, max = MAX_SHARDS): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= max ? Number(trimmed) : null;
}
