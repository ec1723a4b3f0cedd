import type { CacheConfig } from './model';

/** Redis 7 defaults for everything but the key capacity, which the engine must give. */
export function defaultCacheConfig(keyCapacity: number): CacheConfig {
  return {
    keyCapacity,
    maxmemoryBytes: 0,
    policy: 'noeviction',
    maxmemorySamples: 5,
    lfuLogFactor: 10,
    lfuDecayTimeMin: 1,
    hz: 10,
    activeExpireEffort: 1,
    clusterMode: false,
  };
}

const POLICIES = new Set<string>([
  'noeviction', 'allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu',
  'allkeys-random', 'volatile-random', 'volatile-ttl', 'exact-lru',
]);

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * What is wrong with a config, one message per field naming what would be valid (empty when
 * valid). Ranges are redis.conf's where Redis has one.
 */
export function cacheConfigErrors(config: CacheConfig): string[] {
  const errors: string[] = [];
  if (!isIntegerIn(config.keyCapacity, 1, 0x4000_0000)) {
    errors.push(`keyCapacity: ${config.keyCapacity} is not an integer in 1 … 1073741824`);
  }
  if (!(config.maxmemoryBytes >= 0) || !Number.isFinite(config.maxmemoryBytes)) {
    errors.push(`maxmemoryBytes: ${config.maxmemoryBytes} must be 0 (no limit) or a positive number of bytes`);
  }
  if (!POLICIES.has(config.policy)) {
    errors.push(`policy: "${config.policy}" is not one of ${[...POLICIES].join(', ')}`);
  }
  if (!isIntegerIn(config.maxmemorySamples, 1, 64)) {
    errors.push(`maxmemorySamples: ${config.maxmemorySamples} is not an integer in 1 … 64`);
  }
  if (!(config.lfuLogFactor >= 0) || !Number.isFinite(config.lfuLogFactor)) {
    errors.push(`lfuLogFactor: ${config.lfuLogFactor} must be a number ≥ 0`);
  }
  if (!(config.lfuDecayTimeMin >= 0) || !Number.isFinite(config.lfuDecayTimeMin)) {
    errors.push(`lfuDecayTimeMin: ${config.lfuDecayTimeMin} must be a number of minutes ≥ 0`);
  }
  if (!isIntegerIn(config.hz, 1, 500)) errors.push(`hz: ${config.hz} is not an integer in 1 … 500`);
  if (!isIntegerIn(config.activeExpireEffort, 1, 10)) {
    errors.push(`activeExpireEffort: ${config.activeExpireEffort} is not an integer in 1 … 10`);
  }
  if (config.activeExpireShare !== undefined && !(config.activeExpireShare > 0 && config.activeExpireShare <= 1)) {
    errors.push(`activeExpireShare: ${config.activeExpireShare} must be a number in (0, 1]`);
  }
  if (config.baseMemoryBytes !== undefined && !(config.baseMemoryBytes >= 0 && Number.isFinite(config.baseMemoryBytes))) {
    errors.push(`baseMemoryBytes: ${config.baseMemoryBytes} must be a number of bytes ≥ 0`);
  }
  if (config.clockPhaseMs !== undefined && !(config.clockPhaseMs >= 0 && config.clockPhaseMs < 60_000)) {
    errors.push(`clockPhaseMs: ${config.clockPhaseMs} must be a number of ms in 0 … 59999 (the run's start within the minute)`);
  }
  const table = config.keyTable;
  if (table !== undefined) {
    if (!isIntegerIn(table.stride, 1, 64)) {
      errors.push(`keyTable.stride: ${table.stride} is not an integer in 1 … 64`);
    } else {
      if (table.words.length !== config.keyCapacity * table.stride) {
        errors.push(`keyTable.words: has ${table.words.length} words, expected stride × keyCapacity (${table.stride * config.keyCapacity})`);
      }
      if (table.groupWord !== -1 && !isIntegerIn(table.groupWord, 1, table.stride - 1)) {
        errors.push(`keyTable.groupWord: ${table.groupWord} must be −1 or a word of the record after the first (the slot's)`);
      }
    }
    if (config.groups !== undefined) errors.push('groups: give the groups in keyTable.groupWord instead when a keyTable is given');
    if (table.groupWord !== -1 && !isIntegerIn(config.groupCount ?? 0, 1, 65536)) {
      errors.push(`groupCount: ${config.groupCount} must be an integer in 1 … 65536 when groups are given`);
    }
  }
  if (config.groups !== undefined) {
    const groupCount = config.groupCount;
    if (groupCount === undefined || !isIntegerIn(groupCount, 1, 65536)) {
      errors.push(`groupCount: ${groupCount} must be an integer in 1 … 65536 when groups are given`);
    } else if (config.groups.length !== config.keyCapacity) {
      errors.push(`groups: has ${config.groups.length} entries, expected one per key id (${config.keyCapacity})`);
    } else {
      const outOfRange = config.groups.findIndex((group) => group >= groupCount);
      if (outOfRange >= 0) {
        errors.push(`groups[${outOfRange}]: group ${config.groups[outOfRange]} is not below groupCount ${groupCount}`);
      }
    }
  }
  return errors;
}
