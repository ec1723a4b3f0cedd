import { describe, expect, it } from 'vitest';
import { MAX_SEED, runOptionProblems, shardsOf } from './options';

describe('run options', () => {
  it('accepts empty fields and whole numbers in range', () => {
    expect(runOptionProblems({ seed: '', requests: '' })).toEqual({});
    expect(runOptionProblems({ seed: '0', requests: '1' })).toEqual({});
    expect(runOptionProblems({ seed: String(MAX_SEED), requests: ' 3000000 ' })).toEqual({});
  });

  it('refuses "-1.5" as a seed with a message instead of reading it as 15', () => {
    expect(runOptionProblems({ seed: '-1.5', requests: '' }).seed).toBe(`"-1.5" is not a seed: write a whole number from 0 to ${MAX_SEED}, or leave it empty for the design's seed.`);
    expect(runOptionProblems({ seed: String(MAX_SEED + 1), requests: '' }).seed).toMatch(/is not a seed/);
    expect(runOptionProblems({ seed: '7e3', requests: '' }).seed).toMatch(/is not a seed/);
  });

  it('refuses a request budget that is not a positive whole number', () => {
    expect(runOptionProblems({ seed: '', requests: '0' }).requests).toMatch(/^"0" is not a request budget: write a whole number from 1 to 1e10/);
    expect(runOptionProblems({ seed: '', requests: '2.5' }).requests).toMatch(/is not a request budget/);
  });

  it('checks a new managed cluster\'s shard count, and only there', () => {
    expect(shardsOf(' 3 ')).toBe(3);
    expect([shardsOf('0'), shardsOf('17'), shardsOf('2.5'), shardsOf('')]).toEqual([null, null, null, null]);
    const cluster = { seed: '', requests: '', engine: 'managed-cluster' as const, managedServerId: '' };
    expect(runOptionProblems({ ...cluster, shards: '6' })).toEqual({});
    expect(runOptionProblems({ ...cluster, shards: '7' }).shards).toBe('"7" is not a shard count for a run\'s new cluster: write a whole number from 1 to 6.');
    // A running cluster has its own shards; another engine has none.
    expect(runOptionProblems({ ...cluster, shards: '17', managedServerId: 'managed-1' })).toEqual({});
    expect(runOptionProblems({ ...cluster, shards: 'x', engine: 'managed' })).toEqual({});
  });

  it('checks a typed speed factor of a live run, as the CLI\'s --speed', () => {
    const live = { seed: '', requests: '', engine: 'managed' as const };
    for (const speed of ['auto', 'max', '1', '2.5', '25x', '1000000']) expect(runOptionProblems({ ...live, speed })).toEqual({});
    for (const speed of ['0', '-2', 'fast', '', '1000001']) expect(runOptionProblems({ ...live, speed }).speed).toMatch(/is not a speed: write a factor above 0 and up to 1,000,000/);
    expect(runOptionProblems({ ...live, engine: 'sim', speed: 'fast' })).toEqual({});
  });

  it('checks the image of a container run: a reference, or empty for redis:7; other engines ignore it', () => {
    const container = { seed: '', requests: '', engine: 'container' as const };
    for (const image of ['', 'redis:7', 'keyspace-test/redis:7', 'registry.example.com:5000/team/redis:7.2']) expect(runOptionProblems({ ...container, image })).toEqual({});
    for (const image of ['Redis:7', '--privileged', 'redis 7']) expect(runOptionProblems({ ...container, image }).image).toMatch(/is not an image name/);
    expect(runOptionProblems({ ...container, engine: 'managed', image: '--privileged' })).toEqual({});
  });
});
