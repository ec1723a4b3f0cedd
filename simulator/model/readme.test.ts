import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDesignError, loadDesign } from './load';
import { checkPubsub, pubsubSchema } from './pubsub-schema';
import { abusiveTrafficSchema, rateLimitSchema } from './rate-limit-schema';
import { cacheFailureSchema, persistenceSchema, recoverySchema, replicationSchema } from './failure-schema';

describe('the README', () => {
  it('shows a full design example that validates as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const full = blocks.find((text) => text.includes('version: 1') && text.includes('ttlMatrix'));
    expect(full).toBeDefined();
    const result = loadDesign(full ?? '');
    expect(result.ok ? [] : result.errors.map((e) => formatDesignError('README.md', e))).toEqual([]);
  });

  it('shows a pubsub section that validates as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = [...readme.matchAll(/```yaml\n(pubsub:[\s\S]*?)```/g)].map((m) => m[1])[0];
    expect(block).toBeDefined();
    const parsed = pubsubSchema.safeParse((parse(block ?? '') as { pubsub: unknown }).pubsub);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    if (parsed.success) expect(checkPubsub(parsed.data)).toEqual([]);
  });

  it('shows a rateLimits section that validates as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = [...readme.matchAll(/```yaml\n(rateLimits:[\s\S]*?)```/g)].map((m) => m[1])[0];
    expect(block).toBeDefined();
    const parsed = parse(block ?? '') as { rateLimits: unknown[]; traffic: { abusive: unknown } };
    expect(parsed.rateLimits.map((limiter) => rateLimitSchema.safeParse(limiter).error?.issues ?? [])).toEqual([[]]);
    expect(abusiveTrafficSchema.safeParse(parsed.traffic.abusive).error?.issues ?? []).toEqual([]);
  });

  it('shows a failures example that validates as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = [...readme.matchAll(/```yaml\n(server:\n {2}persistence:[\s\S]*?)```/g)].map((m) => m[1])[0];
    expect(block).toBeDefined();
    const parsed = parse(block ?? '') as { server: { persistence: unknown; replication: unknown }; failures: unknown[]; recovery: unknown };
    const issues = [
      persistenceSchema.safeParse(parsed.server.persistence), replicationSchema.safeParse(parsed.server.replication),
      ...parsed.failures.map((f) => cacheFailureSchema.safeParse(f)), recoverySchema.safeParse(parsed.recovery),
    ].flatMap((r) => r.error?.issues ?? []);
    expect(issues).toEqual([]);
  });
});
