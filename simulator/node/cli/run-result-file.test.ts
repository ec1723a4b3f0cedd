/**
 * Saved results of every engine kind — the simulator, recorded replay on both engines, a live run
 * on a managed redis-server and a fidelity report — parse against the RunResult schema (to
 * themselves: no field an engine writes is unknown to it) and are read back by the CLI's result
 * reader; a corrupted file is refused with the file, the field and what was expected.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fidelityReportSchema, liveRunResultSchema, runResultSchema } from '../../run';
import { formatMonitorLine } from '../../trace';
import { LiveEngine } from '../live';
import { pubsubPlan, smallDesignYaml } from '../live/test-support';
import { InputError } from './design-file';
import { readFidelity, readRunResults } from './run-result-file';
import { runCli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-result-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const design = join(dir, 'small.yaml');
writeFileSync(design, smallDesignYaml({ keys: 500, rate: '1000/s', duration: '2s', ttl: '1s' }));

/** A MONITOR capture of a small cache-aside workload. */
function monitorCapture(): string {
  const t0 = 1_700_000_000_000_000;
  const lines = ['OK'];
  for (let i = 0; i < 1500; i++) {
    const key = `user:${(i * 7919) % 97}:profile`;
    lines.push(formatMonitorLine(t0 + i * 1000, 0, '10.1.2.3:5000', ['GET', key]));
    if (i % 4 === 0) lines.push(formatMonitorLine(t0 + i * 1000 + 400, 0, '10.1.2.3:5000', ['SET', key, 'p'.repeat(200), 'EX', '60']));
  }
  return `${lines.join('\n')}\n`;
}
const monitor = join(dir, 'capture.monitor');
writeFileSync(monitor, monitorCapture());

/** Runs `keyspace <argv> --json <file>` and returns the file's JSON. */
async function saved(name: string, ...argv: string[]): Promise<{ file: string; json: unknown }> {
  const file = join(dir, `${name}.json`);
  const { err } = await runCli(...argv, '--json', file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`keyspace ${argv.join(' ')} wrote no result: ${err}`);
  }
  return { file, json: JSON.parse(text) };
}

function expectReadBack(file: string, json: unknown): void {
  expect(runResultSchema.parse(json)).toEqual(json);
  const [read] = readRunResults(file);
  expect(read.result).toEqual(json);
}

describe('saved results of every engine parse against the RunResult schema', () => {
  it('a simulated run, and several from --vary', async () => {
    const { file, json } = await saved('sim', 'run', design);
    expectReadBack(file, json);
    const vary = await saved('vary', 'run', design, '--vary', 'server.maxmemory=1mb,4mb');
    expect(readRunResults(vary.file).map((r) => r.label)).toHaveLength(2);
  });

  it('a recorded replay on the simulator and on a managed redis-server', async () => {
    const sim = await saved('replay-sim', 'replay', monitor, '--speed', 'max', '--cache-aside');
    expectReadBack(sim.file, sim.json);
    const live = await saved('replay-live', 'replay', monitor, '--speed', 'max', '--cache-aside', '--engine', 'live');
    expect(runResultSchema.parse(live.json).engine).toBe('live');
    expectReadBack(live.file, live.json);
  }, 60_000);

  it('a live run on a managed redis-server, with its live details', async () => {
    const { file, json } = await saved('live', 'run', design, '--engine', 'live', '--managed', '--speed', '4');
    const live = liveRunResultSchema.parse(json);
    expect(live).toEqual(json);
    expect(live.error).toBeUndefined();
    expect(live.live.commands.GET.count).toBeGreaterThan(0);
    expectReadBack(file, json);
  }, 60_000);

  it('a live run of a pub/sub design, with its pubsub section', async () => {
    const plan = pubsubPlan({
      pubsub: `  channels:
    - { name: news, pattern: "news:{n}", count: 2, class: default, publishRate: 100/s, payload: 128b }
  workers: { count: 2 }
  clients: { total: 50 }`,
    });
    const result = await new LiveEngine({ target: 'managed', speed: 'max' }).run(plan);
    expect(result.error).toBeUndefined();
    const file = join(dir, 'live-pubsub.json');
    writeFileSync(file, JSON.stringify(result));
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const parsed = liveRunResultSchema.parse(json);
    expect(parsed).toEqual(json);
    expect(parsed.pubsub?.published).toBeGreaterThan(0);
    expectReadBack(file, json);
  }, 60_000);

  it('a fidelity report, read back for the review report with its diff as rows', async () => {
    const { file, json } = await saved('fidelity', 'fidelity', design, '--scale', '2');
    expect(fidelityReportSchema.parse(json)).toEqual(json);
    const read = readFidelity(file);
    expect(read.live.engine).toBe('live');
    expect(read.diff?.find((row) => row.metric === 'hit ratio')).toMatchObject({ unit: 'ratio', ok: expect.any(Boolean), tolerance: '±0.5 pp' });

    // The same report as a version before live.speed, live.foreignKeysEvicted and the fidelity memory fields wrote it.
    const older = structuredClone(json) as { live: { live: Record<string, unknown> } } & Record<string, unknown>;
    delete older.live.live.speed;
    delete older.live.live.foreignKeysEvicted;
    for (const field of ['namespaces', 'clockPhaseMs', 'simNonKeyMemory']) delete older[field];
    const olderFile = join(dir, 'fidelity-older.json');
    writeFileSync(olderFile, JSON.stringify(older));
    expect(fidelityReportSchema.safeParse(older).success).toBe(false);
    const readOlder = readFidelity(olderFile);
    expect(readOlder.live.live).toMatchObject({ speed: 1, foreignKeysEvicted: 0 });
    expect(readOlder.live.warnings.at(-1)).toBe('Saved by an earlier version that did not record live.foreignKeysEvicted (0), live.speed (1); read as shown.');
    expect(readOlder.diff).toEqual(read.diff);
    const liveFile = join(dir, 'live-older.json');
    writeFileSync(liveFile, JSON.stringify(older.live));
    expect(readRunResults(liveFile)[0].result.live).toMatchObject({ speed: 1, foreignKeysEvicted: 0 });
  }, 60_000);
});

describe('the CLI result reader refuses a corrupted file', () => {
  const messageOf = (read: () => unknown): string => {
    try {
      read();
    } catch (error) {
      if (error instanceof InputError) return error.lines.join('\n');
      throw error;
    }
    throw new Error('the file was accepted');
  };
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('names the file, the field and what was expected', async () => {
    const { json } = await saved('good', 'run', design);
    const good = JSON.stringify(json);
    const edited = (name: string, edit: (r: { cache: Record<string, unknown>; namespaces: Array<Record<string, unknown>>; version: number }) => void) => {
      const copy = JSON.parse(good) as Parameters<typeof edit>[0];
      edit(copy);
      return write(name, JSON.stringify(copy));
    };
    const truncated = write('truncated.json', good.slice(0, good.length / 2));
    expect(messageOf(() => readRunResults(truncated))).toMatch(/truncated\.json: not JSON/);
    const missing = edited('missing.json', (r) => { delete r.cache.misses; });
    expect(messageOf(() => readRunResults(missing))).toMatch(/missing\.json: cache\.misses: Invalid input: expected number, received undefined/);
    const wrongType = edited('wrong-type.json', (r) => { r.namespaces[0].hitRatio = '90%'; });
    expect(messageOf(() => readRunResults(wrongType))).toMatch(/wrong-type\.json: namespaces\.0\.hitRatio: Invalid input: expected number, received string/);
    const newer = edited('newer.json', (r) => { r.version = 2; });
    expect(messageOf(() => readRunResults(newer))).toMatch(/newer\.json: version: .*\n.*reads RunResult version 1/);
    const vary = write('vary-broken.json', JSON.stringify({ runs: [{ label: 'a', result: json }, { label: 'b', result: { ...JSON.parse(good), partial: 'no' } }] }));
    expect(messageOf(() => readRunResults(vary))).toMatch(/vary-broken\.json: runs\.1\.result\.partial: Invalid input: expected boolean/);
    const fidelity = write('fidelity-broken.json', JSON.stringify({ sim: json, live: { ...JSON.parse(good), latency: null } }));
    expect(messageOf(() => readFidelity(fidelity))).toMatch(/fidelity-broken\.json: live\.latency: Invalid input: expected object, received null/);
  });
});
