import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leftoverServerProcesses } from '../../simulator/node/redis/test-support';
import { NEW_PROJECT_TEXT } from './new-project';
import { nextEvent, openedServices, PRESETS_DIR, tempDir, testServices } from './test-support';
import type { Progress } from '../common';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');

const { services, disposeAll } = openedServices();

afterAll(async () => {
  await disposeAll();
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('runs', () => {
  it('runs a design in a worker, streaming throttled progress and snapshots, then ends with its result', async () => {
    const s = services();
    const progress: Array<{ at: number; progress: Progress }> = [];
    let snapshots = 0;
    s.subscribe((event, payload) => {
      if (event === 'onDidRunProgress') progress.push({ at: performance.now(), progress: (payload as { progress: Progress }).progress });
      if (event === 'onDidRunSnapshot') snapshots++;
    });
    const ended = nextEvent(s, 'onDidRunEnd');
    const { runId } = await s.startRun({ text: CATALOG, label: 'baseline', requests: 600_000 });
    expect((await s.listRuns())[0]).toMatchObject({ runId, status: 'running', label: 'baseline' });
    const end = await ended;
    expect(end.runId).toBe(runId);
    expect(end.summary).toMatchObject({ status: 'done', label: 'baseline', designName: 'E-commerce catalogue (cache-aside)', environment: 'prod', engine: 'sim', error: null });
    expect(end.summary.hitRatio).toBeGreaterThan(0.7);
    expect(progress.length).toBeGreaterThan(0);
    expect(snapshots).toBeGreaterThan(0);
    const last = progress[progress.length - 1].progress;
    expect(last.done).toBe(last.total);
    // At most ~20 progress messages a second.
    const spanMs = progress[progress.length - 1].at - progress[0].at;
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(spanMs / 50) + 2);
    const record = await s.getRun({ runId });
    expect(record.result).toMatchObject({ version: 1, engine: 'sim', partial: false, requests: 600_000 });
    expect(record.result?.series.length).toBeGreaterThan(1);
    expect(record.fidelity).toBeNull();
  });

  it('hands runs to a worker started ahead of time, one after another', async () => {
    const s = services();
    await s.listRuns(); // the UI lists the history first: that warms a worker
    for (const label of ['first', 'second', 'third']) {
      const ended = nextEvent(s, 'onDidRunEnd');
      const { runId } = await s.startRun({ text: CATALOG, label, requests: 20_000 });
      const end = await ended;
      expect(end).toMatchObject({ runId, summary: { status: 'done', label } });
    }
  });

  it('stops a run promptly on cancel and keeps its partial result', async () => {
    const s = services();
    const { runId } = await s.startRun({ text: CATALOG, requests: 1_000_000_000 });
    await nextEvent(s, 'onDidRunProgress', (p) => p.runId === runId && p.progress.done > 0);
    const ended = nextEvent(s, 'onDidRunEnd', (p) => p.runId === runId);
    const cancelledAt = performance.now();
    await s.cancelRun({ runId });
    const end = await ended;
    // A billion requests would take minutes: ending within a second proves the cancel was honoured
    // (the latency itself — well under 100 ms — is measured by npm run bench -- cancel-latency, not here).
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(end.summary.status).toBe('cancelled');
    const record = await s.getRun({ runId });
    expect(record.result?.partial).toBe(true);
    expect(record.result?.requests).toBeGreaterThan(0);
    await expect(s.cancelRun({ runId })).resolves.toEqual({ ok: true });
    await expect(s.cancelRun({ runId: 'run-unknown' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('ends a simulation cancelled before its worker reported anything as cancelled, with no result, and frees its slot', async () => {
    const s = services();
    const { runId } = await s.startRun({ text: CATALOG, requests: 1_000_000_000 });
    const ended = nextEvent(s, 'onDidRunEnd', (p) => p.runId === runId);
    await s.cancelRun({ runId });
    const end = await ended;
    expect(end.summary.status).toBe('cancelled');
    expect(end.summary.error).toBeNull();
    expect((await s.getRun({ runId })).result).toBeNull();
    const next = await s.startRun({ text: CATALOG, requests: 2000 });
    const done = await nextEvent(s, 'onDidRunEnd', (p) => p.runId === next.runId);
    expect(done.summary.status).toBe('done');
  });

  it('refuses a design that does not validate, naming the line and field', async () => {
    const s = services();
    await expect(s.startRun({ text: 'version: 1\nname: x\nnamespaces: 3\n' })).rejects.toMatchObject({ code: 'bad-design', message: expect.stringMatching(/design:\d+:\d+ /) });
    await expect(s.startRun({ text: CATALOG, set: ['server.maxmemory=lots'] })).rejects.toMatchObject({ code: 'bad-design', message: expect.stringMatching(/server\.maxmemory/) });
    await expect(s.startRun({ text: CATALOG, environment: 'qa' })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/environment "qa"/) });
  });

  it('keeps a bounded history on disk that a restart reads back', async () => {
    const dataDir = tempDir();
    const first = services({ dataDir, historyLimit: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ended = nextEvent(first, 'onDidRunEnd');
      ids.push((await first.startRun({ text: CATALOG, label: `run ${i}`, requests: 20_000 })).runId);
      await ended;
    }
    expect((await first.listRuns()).map((r) => r.label)).toEqual(['run 2', 'run 1']);
    expect(readdirSync(join(dataDir, 'runs')).sort()).toEqual([`${ids[1]}.json`, `${ids[2]}.json`].sort());
    await expect(first.getRun({ runId: ids[0] })).rejects.toMatchObject({ code: 'not-found' });
    // A saved result the RunResult schema refuses is left out, and the summary says why.
    const damaged = join(dataDir, 'runs', `${ids[1]}.json`);
    const saved = JSON.parse(readFileSync(damaged, 'utf8')) as { result: { cache: Record<string, unknown> } };
    delete saved.result.cache.hits;
    writeFileSync(damaged, JSON.stringify(saved));
    const second = services({ dataDir, historyLimit: 2 });
    const listed = await second.listRuns();
    expect(listed.map((r) => r.runId)).toEqual([ids[2], ids[1]]);
    expect((await second.getRun({ runId: ids[2] })).result?.requests).toBe(20_000);
    const refused = await second.getRun({ runId: ids[1] });
    expect(refused.result).toBeNull();
    expect(refused.summary.error).toMatch(/cannot be read by this version \(cache\.hits: Invalid input: expected number/);
  });

  it('replays an uploaded key trace', async () => {
    const s = services();
    const lines = Array.from({ length: 5000 }, (_, i) => `products:${i % 50}`).join('\n');
    const { path } = await s.uploadTrace({ name: 'keys.txt', content: lines });
    const ended = nextEvent(s, 'onDidRunEnd');
    const { runId } = await s.startRun({ text: CATALOG, tracePath: path });
    expect((await ended).summary.status).toBe('done');
    const record = await s.getRun({ runId });
    expect(record.result?.requests).toBe(5000);
    expect(record.result?.cache.hitRatio).toBeGreaterThan(0.9);
    await expect(s.startRun({ text: CATALOG, tracePath: '../../etc/passwd' })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('replays a dropped MONITOR capture as recorded commands, not as plain keys', async () => {
    const s = services();
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const t = (1_700_000_000 + i / 100).toFixed(6);
      const key = `products:${i % 20}`;
      lines.push(i % 3 === 0 ? `${t} [0 127.0.0.1:50000] "SET" "${key}" "value" "PX" "60000"` : `${t} [0 127.0.0.1:50000] "GET" "${key}"`);
    }
    const { path } = await s.uploadTrace({ name: 'capture.monitor', content: `${lines.join('\n')}\n` });
    const ended = nextEvent(s, 'onDidRunEnd');
    const { runId } = await s.startRun({ text: CATALOG, tracePath: path });
    expect((await ended).summary.status).toBe('done');
    const result = (await s.getRun({ runId })).result;
    expect(result?.requests).toBe(300);
    // 200 GETs; a GET before its key's first SET misses and, as recorded, loads nothing.
    expect((result?.cache.hits ?? 0) + (result?.cache.misses ?? 0)).toBe(200);
    expect((result?.warnings as string[] | undefined)?.some((w) => w.includes('monitor capture'))).toBe(true);
  });

  it('computes the miss-ratio curve in a worker', async () => {
    const curve = await services().missRatioCurve({ text: CATALOG });
    expect(curve.points.length).toBeGreaterThan(5);
    expect(curve.workingSetBytes).toBeGreaterThan(0);
    const ratios = curve.points.map((p) => p.hitRatio);
    expect([...ratios].sort((a, b) => a - b)).toEqual(ratios);
    expect(curve.memoryFor.map((m) => m.hitRatio)).toContain(0.9);
  });

  it('fails a run on a connection that is not saved', async () => {
    const s = services();
    await expect(s.startRun({ text: CATALOG, engine: 'connection', connectionId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.startRun({ text: CATALOG, engine: 'connection' })).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('managed servers', () => {
  it('starts a real redis-server, lists it, and stops it', async () => {
    const s = services();
    const info = await s.getAppInfo();
    expect(info.redisServer.found).toBe(true);
    const server = await s.startManagedServer({ kind: 'single' });
    expect(server).toMatchObject({ id: expect.any(String), kind: 'single', url: expect.stringMatching(/^redis:\/\/127\.0\.0\.1:\d+$/), pid: expect.any(Number) });
    expect(await s.listManagedServers()).toEqual([server]);
    const tested = await s.testConnection({ url: server.url });
    expect(tested).toMatchObject({ ok: true, version: server.version });
    await s.stopManagedServer({ id: server.id });
    expect(await s.listManagedServers()).toEqual([]);
    await expect(s.stopManagedServer({ id: server.id })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('runs a design on a managed redis-server through the live engine, and stops it on cancel', async () => {
    const s = services();
    const short = NEW_PROJECT_TEXT.replace('rate: 1000/s, duration: 2m', 'rate: 5000/s, duration: 2s');
    const ended = nextEvent(s, 'onDidRunEnd', () => true, 60_000);
    const { runId } = await s.startRun({ text: short, engine: 'managed' });
    expect((await ended).summary).toMatchObject({ status: 'done', engine: 'managed', error: null });
    // Speed auto (the default): a 2 s plan runs as written.
    expect((await s.getRun({ runId })).result).toMatchObject({ engine: 'live', requests: 10_000, partial: false, live: { speed: 1 } });
    const fast = await s.startRun({ text: short, engine: 'managed', speed: 4 });
    await nextEvent(s, 'onDidRunEnd', (p) => p.runId === fast.runId, 60_000);
    const fastResult = (await s.getRun({ runId: fast.runId })).result;
    expect(fastResult).toMatchObject({ requests: 10_000, partial: false, live: { speed: 4 } });
    expect(fastResult?.warnings).toContainEqual(expect.stringMatching(/^The plan ran 4× faster than written/));
    await expect(s.startRun({ text: short, engine: 'fidelity', speed: 'max' })).rejects.toThrow(/one timeline: choose the speed auto or a factor/);

    const long = await s.startRun({ text: NEW_PROJECT_TEXT, engine: 'managed' });
    await nextEvent(s, 'onDidRunProgress', (p) => p.runId === long.runId && p.progress.done > 0, 60_000);
    const stopped = nextEvent(s, 'onDidRunEnd', (p) => p.runId === long.runId, 60_000);
    await s.cancelRun({ runId: long.runId });
    expect((await stopped).summary.status).toBe('cancelled');
    expect((await s.getRun({ runId: long.runId })).result?.partial).toBe(true);
  }, 120_000);

  it('stops every managed server on dispose', async () => {
    const s = testServices();
    await s.startManagedServer({ kind: 'single' });
    await s.startManagedServer({ kind: 'single' });
    await s.dispose();
    expect(await s.listManagedServers()).toEqual([]);
    expect(await leftoverServerProcesses()).toEqual([]);
  });

  it('reports a missing redis-server as unavailable', async () => {
    const s = services({ redisServerPath: join(tempDir(), 'redis-server') });
    writeFileSync(join(s.workspaceDir, 'x'), '');
    await expect(s.startManagedServer({ kind: 'single' })).rejects.toMatchObject({ code: 'unavailable' });
    expect((await s.getAppInfo()).redisServer.found).toBe(false);
  });
});
