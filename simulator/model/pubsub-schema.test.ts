import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkPubsub, MAX_PUBSUB_CLIENTS, pubsubSchema, pubsubWarnings } from './pubsub-schema';
import type { PubsubSpecInput } from './pubsub-schema';

const EXAMPLE = `
classes:
  - { name: best-effort, delivery: pubsub }
  - { name: critical, delivery: streams, ackInterval: 1s }
channels:
  - name: citizens
    pattern: "notify:citizens:{{region}}"
    count: 40
    class: best-effort
    publishRate: 40/s
    spread: { dist: zipf, alpha: 0.8 }
    payload: { dist: lognormal, p50: 256b, p99: 2kb }
  - { name: alerts, pattern: "alerts:{{region}}", count: 40, class: critical, publishRate: 1/s, payload: 1kb }
topology: { mode: cluster, shards: 3, publish: sharded }
workers: { count: 4, placement: sticky }
clients:
  total: 20000
  slow: { share: 2%, speed: 5/s }
  audiences:
    - { name: citizens, share: 97%, follows: [{ channels: citizens }, { channels: alerts }] }
    - { name: operators, share: 3%, follows: [{ channels: alerts, per: all }] }
backpressure: { queueLimit: 500, policy: drop-oldest, heartbeat: 25s }
failures:
  - { kind: worker-restart, at: 60s, worker: 1, duration: 5s }
  - { kind: shard-failover, at: 90s, shard: 2, duration: 10s }
  - { kind: reconnect-storm, at: 2m, share: 50% }
`;

function issuesOf(input: PubsubSpecInput): string[] {
  const parsed = pubsubSchema.safeParse(input);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  return checkPubsub(parsed.data).map((i) => `${i.path.join('.')}: ${i.message}`);
}

const minimal = (extra: Partial<PubsubSpecInput> = {}): PubsubSpecInput => ({
  channels: [{ name: 'news', pattern: 'news', publishRate: '1/s', class: 'default' }],
  clients: { total: 100 },
  ...extra,
});

describe('pubsubSchema', () => {
  it('accepts the documented example with no cross-field issues', () => {
    const parsed = pubsubSchema.safeParse(parseYaml(EXAMPLE));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(checkPubsub(parsed.data)).toEqual([]);
    expect(parsed.data.topology.outputBufferLimit).toEqual({ hard: '32mb', soft: '8mb', softFor: '60s' });
  });

  it('fills sensible defaults for a minimal section', () => {
    const spec = pubsubSchema.parse(minimal());
    expect(spec.classes).toEqual([{ name: 'default', delivery: 'pubsub', ackInterval: '1s' }]);
    expect(spec.topology.mode).toBe('standalone');
    expect(spec.backpressure).toEqual({ queueLimit: 1000, policy: 'drop-oldest', heartbeat: '30s' });
    expect(spec.reconnect).toMatchObject({ base: '100ms', max: '10s', jitter: '50%' });
    expect(checkPubsub(spec)).toEqual([]);
  });

  it('refuses unknown fields (strict objects)', () => {
    expect(issuesOf({ ...minimal(), workers: { count: 2, threads: 4 } as never }).join('\n')).toMatch(/threads/);
  });

  it('reports a channel pattern with an unclosed { at its path', () => {
    const issues = issuesOf(minimal({ channels: [{ name: 'rooms', pattern: 'room:{roomId', count: 10, publishRate: '1/s', class: 'default' }] }));
    expect(issues).toEqual([expect.stringMatching(/^pubsub\.channels\.0\.pattern: .*unclosed/)]);
  });

  it('reports a channel group of many channels whose pattern has no placeholder', () => {
    const issues = issuesOf(minimal({ channels: [{ name: 'rooms', pattern: 'room', count: 10, publishRate: '1/s', class: 'default' }] }));
    expect(issues.join('\n')).toMatch(/no \{placeholder\}/);
  });

  it('reports an unknown class name and lists the known ones', () => {
    const issues = issuesOf(minimal({ channels: [{ name: 'news', pattern: 'news', publishRate: '1/s', class: 'urgent' }] }));
    expect(issues).toEqual(['pubsub.channels.0.class: no class named "urgent"; known: default']);
  });

  it('refuses a queue limit of 0 with what would be valid', () => {
    const issues = issuesOf(minimal({ backpressure: { queueLimit: 0 } }));
    expect(issues).toEqual([expect.stringMatching(/^pubsub\.backpressure\.queueLimit: .*at least 1/)]);
  });

  it('refuses 10 million clients, naming the limit', () => {
    const issues = issuesOf(minimal({ clients: { total: 10_000_000 } }));
    expect(issues).toEqual([expect.stringMatching(/^pubsub\.clients\.total: 10,000,000 clients is over the limit of 5,000,000/)]);
    expect(MAX_PUBSUB_CLIENTS).toBe(5_000_000);
  });

  it('warns, without refusing, above a million clients', () => {
    const spec = pubsubSchema.parse(minimal({ clients: { total: 2_000_000 } }));
    expect(checkPubsub(spec)).toEqual([]);
    expect(pubsubWarnings(spec).join('\n')).toMatch(/2,000,000 clients/);
  });

  it('checks audiences: shares add up to 100%, groups exist, no group followed twice', () => {
    const issues = issuesOf(minimal({
      clients: {
        total: 100,
        audiences: [
          { name: 'a', share: '60%', follows: [{ channels: 'news' }, { channels: 'news', per: 'all' }] },
          { name: 'b', share: '30%', follows: [{ channels: 'sports' }] },
        ],
      },
    }));
    expect(issues.join('\n')).toMatch(/add up to 90%/);
    expect(issues.join('\n')).toMatch(/no channel group named "sports"/);
    expect(issues.join('\n')).toMatch(/follows "news" twice/);
  });

  it('checks failure targets against the topology', () => {
    const issues = issuesOf(minimal({
      workers: { count: 2 },
      failures: [
        { kind: 'worker-restart', at: '1s', worker: 2 },
        { kind: 'shard-failover', at: '1s', shard: 0 },
      ],
    }));
    expect(issues.join('\n')).toMatch(/worker 2 does not exist; workers are numbered 0 to 1/);
    expect(issues.join('\n')).toMatch(/standalone Redis has no replica/);
  });

  it('refuses shards without cluster mode, and zero client speed', () => {
    const issues = issuesOf(minimal({ topology: { mode: 'sentinel', shards: 3 }, clients: { total: 10, speed: '0/s' } }));
    expect(issues.join('\n')).toMatch(/3 shards need mode: cluster/);
    expect(issues.join('\n')).toMatch(/must be above 0\/s/);
  });

  it('explains a bare number where a unit is needed', () => {
    const issues = issuesOf(minimal({ channels: [{ name: 'news', pattern: 'news', publishRate: 5 as never, class: 'default' }] }));
    expect(issues.join('\n')).toMatch(/publishRate: expected a rate like 2000\/s, got the bare number 5 \(add a unit\)/);
  });
});
