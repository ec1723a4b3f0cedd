import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import type { Design } from '../model';
import { compilePlan, simulate } from '../run';
import { formatMonitorLine } from '../trace';
import { EngineChoiceError, engineFor, failureOf } from './engine-for';
import { LiveEngine } from './live';
import { readRecording } from './replay';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-engine-for-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function design(yaml: string): Design {
  const loaded = loadDesign(yaml);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.design;
}

const SMALL = design(`
version: 1
name: small
namespaces:
  - { name: users, pattern: "user:{id}", cardinality: 10, valueSize: 100b, dataClass: c }
ttlMatrix:
  c: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: 1m } }
traffic:
  phases: [{ shape: steady, rate: 10/s, duration: 10s }]
  operations: [{ namespace: users, op: read, weight: 1 }]
`);
const plan = compilePlan(SMALL, { seed: 7 });
const T0 = 1_700_000_000_000_000;
const at = (ms: number, ...args: string[]): string => formatMonitorLine(T0 + ms * 1000, 0, '127.0.0.1:4000', args);

describe('engineFor', () => {
  it('runs generated traffic on the simulator exactly as simulate() does', async () => {
    const engine = await engineFor({ target: { kind: 'sim' }, chunkRequests: 7 });
    expect(engine.kind).toBe('sim');
    const result = await engine.run(plan);
    expect(result.requests).toBeGreaterThan(0);
    expect(JSON.stringify(result)).toBe(JSON.stringify(simulate(plan)));
    expect(failureOf(result)).toBeUndefined();
  });

  it('chooses the live engine for generated traffic on a real Redis (nothing connects before run)', async () => {
    const engine = await engineFor({ target: { kind: 'live', options: { target: 'managed' } } });
    expect(engine).toBeInstanceOf(LiveEngine);
    expect(engine.kind).toBe('live');
  });

  it('replays a key trace as cache-aside reads, warning about skipped lines in the result by default', async () => {
    const file = join(dir, 'keys.txt');
    writeFileSync(file, 'user:1\nuser:1\n,,\nuser:2\nuser:1\nuser:2\nuser:3\nuser:3\nuser:3\nuser:4\nuser:4\n');
    const engine = await engineFor({ target: { kind: 'sim' }, traffic: { kind: 'key-trace', file } });
    const result = await engine.run(plan);
    expect(result.cache).toMatchObject({ reads: 10, hits: 6, misses: 4 });
    expect(result.warnings.some((w) => /skipped 1 malformed line:\n.*keys\.txt:3/.test(w))).toBe(true);

    const heard: string[] = [];
    const told = await (await engineFor({ target: { kind: 'sim' }, traffic: { kind: 'key-trace', file, onWarning: (m) => heard.push(m) } })).run(plan);
    expect(heard).toHaveLength(1);
    expect(told.warnings.some((w) => w.includes('malformed'))).toBe(false);
  });

  it('replays a recorded capture as recorded on the simulator', async () => {
    const file = join(dir, 'small.monitor');
    writeFileSync(file, ['OK', at(0, 'SET', 'user:1', 'v'), at(100, 'GET', 'user:1'), at(200, 'GET', 'user:2'), at(300, 'GET', 'other:1')].join('\n'));
    const recording = await readRecording(file, { design: SMALL });
    const engine = await engineFor({ target: { kind: 'sim' }, traffic: { kind: 'recorded', recording } });
    const result = await engine.run(compilePlan(SMALL));
    expect(result.cache).toMatchObject({ hits: 1, misses: 2, sets: 1 });
    expect(result.warnings).toContain('1 of 3 keys match no namespace pattern of the design (counted as "(unmatched)")');
  });

  it('refuses what no engine runs: a key trace on a real Redis, a recorded capture on a server it did not start', async () => {
    const live = { kind: 'live' as const, options: { target: { url: 'redis://127.0.0.1:1' } } };
    await expect(engineFor({ target: live, traffic: { kind: 'key-trace', file: join(dir, 'keys.txt') } })).rejects.toThrow(EngineChoiceError);
    const recording = await readRecording(join(dir, 'small.monitor'), { design: SMALL });
    await expect(engineFor({ target: live, traffic: { kind: 'recorded', recording } })).rejects.toThrow(/managed redis-server only/);
  });
});
