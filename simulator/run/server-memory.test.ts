import { describe, expect, it } from 'vitest';
import { ACTIVE_CLIENT_BYTES, COMMAND_HISTOGRAM_BYTES, IDLE_SUBSCRIBER_BYTES, USED_MEMORY_STARTUP_BYTES } from '../cache';
import { loadDesign } from '../model';
import { compilePlan } from './plan';
import type { RunPlan } from './plan';
import { nonKeyMemoryOf, RUN_SETUP_COMMANDS, serverMemoryInputsOf, trafficCommandsOf } from './server-memory';
import { SimRun } from './sim-run';

function plan(options: { rules?: string; maxmemory?: string; ops?: string } = {}): RunPlan {
  const loaded = loadDesign(`version: 1
name: server memory
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 3000, valueSize: 200b, dataClass: c, readWrite: "90/10" }
  - { name: lists, pattern: "list:{id}", cardinality: 100, valueSize: 1kb, dataClass: c }
ttlMatrix:
  c: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: 1m } }
invalidation:
${options.rules ?? '  []'}
server: { maxmemory: ${options.maxmemory ?? '0b'}, maxmemoryPolicy: allkeys-lru }
traffic:
  seed: 1
  phases: [{ shape: steady, rate: 2000/s, duration: 5s }]
  operations:
${options.ops ?? '    - { namespace: items, weight: 1 }'}
`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev' });
}

describe('server memory besides keys', () => {
  it('lists the commands the traffic sends: GET and SET for cache-aside, DEL, SCAN and UNLINK for the rules', () => {
    expect(trafficCommandsOf(plan()).sort()).toEqual(['get', 'set']);
    expect(trafficCommandsOf(plan({ rules: '  - { on: items, action: delete }' })).sort()).toEqual(['del', 'get', 'set']);
    expect(trafficCommandsOf(plan({ rules: '  - { on: items, action: delete-pattern, target: "list:*" }' })).sort())
      .toEqual(['get', 'scan', 'set', 'unlink']);
    expect(trafficCommandsOf(plan({ ops: '    - { namespace: items, op: invalidate, weight: 1 }' }))).toEqual(['del']);
  });

  it('models a run\'s server from its connections and one latency histogram per command', () => {
    const modelled = nonKeyMemoryOf(plan());
    const inputs = serverMemoryInputsOf(plan());
    expect(inputs).toMatchObject({ activeConnections: 1, connections: 1, subscribers: 1, scripts: 0 });
    expect(modelled.source).toBe('modelled');
    expect(modelled.commandsBytes).toBe((RUN_SETUP_COMMANDS.length + 2) * COMMAND_HISTOGRAM_BYTES);
    expect(modelled.bytes).toBe(modelled.startupBytes + modelled.connectionsBytes + modelled.commandsBytes);
    // Measured on 7.0.15: a live run of such a plan held 1 191 720 … 1 191 880 bytes before its
    // first request, and about 14 kB more once GET and SET had run and its watcher settled.
    expect(modelled.bytes).toBeGreaterThan(1_190_000);
    expect(modelled.bytes).toBeLessThan(1_220_000);
  });

  it('takes a live server\'s measured baseline instead, adding the traffic\'s histograms', () => {
    const measured = nonKeyMemoryOf({ ...plan(), measuredBaselineBytes: 1_191_800 });
    expect(measured).toMatchObject({ source: 'measured', measuredBytes: 1_191_800, commandsBytes: 2 * COMMAND_HISTOGRAM_BYTES });
    expect(measured.bytes).toBe(1_191_800 + measured.commandsBytes + measured.connectionsBytes);
  });

  it('counts it toward maxmemory from the first request, and says so in the result', () => {
    const fresh = new SimRun(plan());
    expect(fresh.sim.cache.stats.usedMemoryBytes).toBe(nonKeyMemoryOf(plan()).bytes);
    // The same maxmemory holds fewer keys when the server holds more besides them.
    const bounded = plan({ maxmemory: '1500kb' });
    const keysWith = (p: RunPlan) => {
      const run = new SimRun(p);
      while (run.step(100_000));
      return run.result(false);
    };
    const modelled = keysWith(bounded);
    // A baseline that, with GET and SET run and the watcher settled, comes to 100 kB more than the model.
    const baselineBytes = nonKeyMemoryOf(bounded).bytes + 100_000 - 2 * COMMAND_HISTOGRAM_BYTES + (ACTIVE_CLIENT_BYTES - IDLE_SUBSCRIBER_BYTES);
    const bigger = keysWith({ ...bounded, measuredBaselineBytes: baselineBytes });
    expect(modelled.cache.nonKeyMemory?.source).toBe('modelled');
    expect(bigger.cache.nonKeyMemory?.source).toBe('measured');
    expect((bigger.cache.nonKeyMemory?.bytes ?? 0) - (modelled.cache.nonKeyMemory?.bytes ?? 0)).toBe(100_000);
    // About 100 kB of 300-byte entries: some 330 keys fewer.
    expect(modelled.cache.keys - bigger.cache.keys).toBeGreaterThan(250);
    expect(modelled.cache.keys - bigger.cache.keys).toBeLessThan(400);
    expect(modelled.cache.usedMemoryBytes).toBeGreaterThan(USED_MEMORY_STARTUP_BYTES + 250_000);
  });
});
