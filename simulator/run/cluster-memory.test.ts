import { describe, expect, it } from 'vitest';
import { clusterMemory } from './cluster-memory';

describe('clusterMemory', () => {
  it('splits the design\'s maxmemory over the masters and says so', () => {
    const { perShardBytes, note } = clusterMemory(64 * 1024 ** 2, 3);
    expect(perShardBytes).toBe(22_369_621);
    expect(perShardBytes * 3).toBeLessThanOrEqual(64 * 1024 ** 2);
    expect(note).toContain('maxmemory 64mb is the design\'s whole cache: on this 3-shard cluster each master got 21.3mb (64mb ÷ 3)');
    expect(note).toContain('would have given the cluster 192mb');
    expect(clusterMemory(64 * 1024 ** 2, 3).brief).toBe('Each of the 3 masters gets maxmemory 21.3mb (the design\'s 64mb ÷ 3): the cluster holds what one server would, not 192mb.');
  });

  it('names an exact share in Redis units', () => {
    expect(clusterMemory(64 * 1024 ** 2, 2)).toMatchObject({ perShardBytes: 32 * 1024 ** 2, note: expect.stringContaining('each master got 32mb (64mb ÷ 2)') });
  });

  it('changes nothing for one shard or no limit', () => {
    expect(clusterMemory(64 * 1024 ** 2, 1)).toEqual({ perShardBytes: 64 * 1024 ** 2, note: null, brief: null });
    expect(clusterMemory(0, 3)).toEqual({ perShardBytes: 0, note: null, brief: null });
  });
});
