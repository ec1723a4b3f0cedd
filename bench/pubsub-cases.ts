/**
 * Pub/sub fan-out cases: 50 k clients on 8 workers receiving 1 message/s each for 60 s of virtual
 * time (3 M deliveries) — once as one broadcast channel, once as one channel per client (the worst
 * case: nothing to group, 50 k publishes/s).
 */
import { pubsubSchema } from '../simulator/model';
import { compilePubsubPlan, runPubsub } from '../simulator/pubsub';
import type { BenchRow } from './cases';

function fanout(label: string, perClientChannels: boolean): () => Promise<BenchRow[]> {
  return async () => {
    const spec = pubsubSchema.parse({
      channels: [perClientChannels
        ? { name: 'users', pattern: 'user:{id}', count: 50_000, publishRate: '50000/s', payload: '256b', arrivals: 'even', class: 'default' }
        : { name: 'broadcast', pattern: 'broadcast', count: 1, publishRate: '1/s', payload: '256b', arrivals: 'even', class: 'default' }],
      topology: { mode: 'cluster', shards: 3, publish: 'sharded' },
      workers: { count: 8 },
      clients: perClientChannels
        ? { total: 50_000, audiences: [{ name: 'users', share: '100%', follows: [{ channels: 'users', per: 'one' }] }] }
        : { total: 50_000 },
    });
    const plan = compilePubsubPlan(spec, { durationMs: 60_000, seed: 1 });
    const start = performance.now();
    const run = runPubsub(plan, 1000);
    const seconds = (performance.now() - start) / 1000;
    const m = run.metrics;
    return [{
      case: `pub/sub fan-out, ${label}: 50 k clients, 8 workers, 1 msg/s per client, 60 s virtual`,
      metrics: {
        'wall seconds': seconds,
        deliveries: m.delivered,
        'simulated deliveries/s': Math.round(m.delivered / seconds),
        'bandwidth (Mbps)': m.bandwidthBitsPerSec / 1e6,
        cohorts: m.cohorts,
      },
    }];
  };
}

export const pubsubBroadcastCase = fanout('one broadcast channel', false);
export const pubsubPerUserCase = fanout('one channel per client', true);
