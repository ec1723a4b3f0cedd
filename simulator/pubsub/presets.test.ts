import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseDurationMs } from '../model';
import { checkPubsub, pubsubSchema } from '../model';
import { compilePubsubPlan } from './plan';
import { runPubsub } from './run';
import type { PubsubMetrics } from '../run/schema';

const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

interface PresetFile {
  pubsub: unknown;
  traffic: { seed: number; phases: Array<{ duration: string }> };
}

const runs = new Map<string, PubsubMetrics>();

/** Validates a preset's pubsub section and runs it over the preset's traffic phases (once per file). */
function runPreset(file: string): PubsubMetrics {
  const done = runs.get(file);
  if (done) return done;
  const text = readFileSync(`${PRESETS_DIR}${file}`, 'utf8');
  expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./design.schema.json');
  expect(text).toContain(`npm run keyspace -- run presets/${file}`);
  const preset = parseYaml(text) as PresetFile;
  const parsed = pubsubSchema.safeParse(preset.pubsub);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  expect(checkPubsub(parsed.data)).toEqual([]);
  const durationMs = preset.traffic.phases.reduce((sum, p) => {
    const parsedDuration = parseDurationMs(p.duration);
    return sum + (parsedDuration.ok ? parsedDuration.value : 0);
  }, 0);
  const plan = compilePubsubPlan(parsed.data, { durationMs, seed: preset.traffic.seed });
  const metrics = runPubsub(plan, 1000).metrics;
  for (const c of metrics.classes) expect(c.delivered + c.dropped + c.lost + c.pending).toBe(c.expected);
  runs.set(file, metrics);
  return metrics;
}

describe('pub/sub presets', () => {
  it('realtime-notifications: best effort loses the restart gap, critical alerts lose nothing and are replayed', () => {
    const m = runPreset('realtime-notifications.yaml');
    const [bestEffort, critical] = m.classes;
    expect(bestEffort.lost).toBeGreaterThan(0);
    expect(critical.lost).toBe(0);
    expect(critical.replayed).toBeGreaterThan(0);
    expect(critical.duplicated).toBeGreaterThan(0);
    // Notifications: 19 600 citizens × 1 msg/s × 256 B × 8 ≈ 40 Mbps, less what the failures cost.
    const formula = 19_600 * 1 * 256 * 8;
    expect(bestEffort.bandwidthBitsPerSec / formula).toBeGreaterThan(0.93);
    expect(bestEffort.bandwidthBitsPerSec / formula).toBeLessThanOrEqual(1.01);
    expect(m.bandwidthBitsPerSec).toBeGreaterThan(bestEffort.bandwidthBitsPerSec);
    expect(m.connections.clientDisconnects).toBeGreaterThan(10_000);
  });

  it('hot-channel-sharding: the hot channel makes one shard do most of the work', () => {
    const m = runPreset('hot-channel-sharding.yaml');
    const hot = m.shards.find((s) => s.hot);
    expect(hot).toBeDefined();
    const others = m.shards.filter((s) => !s.hot);
    expect(hot?.msgsPerSec).toBeGreaterThan(2 * Math.max(...others.map((s) => s.msgsPerSec)));
    expect(m.shardImbalancePct).toBeGreaterThan(60);
  });

  it('hot-channel-hashtags: hash-tagged cells spread the same traffic over the shards', () => {
    const sharded = runPreset('hot-channel-sharding.yaml');
    const tagged = runPreset('hot-channel-hashtags.yaml');
    expect(tagged.published).toBeCloseTo(sharded.published, -3);
    expect(tagged.shardImbalancePct).toBeLessThan(30);
    expect(tagged.shardImbalancePct).toBeLessThan(sharded.shardImbalancePct / 2);
  });

  it('slow-consumer-storm: blocking on slow clients trips the output buffer limit and loses messages for everyone', () => {
    const m = runPreset('slow-consumer-storm.yaml');
    expect(m.connections.outputBufferDisconnects).toBeGreaterThan(0);
    expect(m.peakOutputBufferBytes).toBeGreaterThan(30 * 1024 * 1024);
    expect(m.lost).toBeGreaterThan(m.expected * 0.3);
    expect(m.dropped).toBe(0);
  });

  it('slow-consumer-backpressure: bounded queues drop for the slow clients only, and nothing is lost', () => {
    const m = runPreset('slow-consumer-backpressure.yaml');
    expect(m.connections.outputBufferDisconnects).toBe(0);
    expect(m.lost).toBe(0);
    expect(m.dropped).toBeGreaterThan(0);
    // Only the ~2 % slow clients drop (~90 % of their messages); everyone else gets everything.
    expect(m.dropped / m.expected).toBeLessThan(0.03);
    expect(m.peakOutputBufferBytes).toBeLessThan(1024 * 1024);
  });
});
