import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../simulator/model';
import { leftoverServerProcesses } from '../../simulator/node/redis/test-support';
import { NEW_PROJECT_TEXT } from './new-project';
import { PassSlots, Recordings } from './recordings';
import { nextEvent, openedServices } from './test-support';
import { TraceUploads } from './trace-uploads';

const { services, disposeAll } = openedServices();

afterAll(async () => {
  await disposeAll();
  expect(await leftoverServerProcesses()).toEqual([]);
});

/** A MONITOR capture of an app: items:{id} read-through with a 60 s TTL, user sessions written, over `spanSec`. */
function capture(records = 600, spanSec = 3): string {
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    const t = (1_700_000_000 + (i * spanSec) / records).toFixed(6);
    const item = `items:${(Math.floor(i / 5) * 4 + (i % 5)) % 40}`;
    if (i % 5 === 4) lines.push(`${t} [0 10.0.0.2:41000] "SET" "session:${1000 + (Math.floor(i / 5) % 25)}" "${'s'.repeat(30)}" "EX" "600"`);
    else if (i % 3 === 0) lines.push(`${t} [0 10.0.0.1:50000] "SET" "${item}" "${'v'.repeat(100 + (i % 4))}" "PX" "60000"`);
    else lines.push(`${t} [0 10.0.0.1:50000] "GET" "${item}"`);
  }
  return `${lines.join('\n')}\n`;
}

describe('recordings: profile, infer, anonymize', () => {
  it('profiles a MONITOR capture: commands, namespaces, sizes, rate, and the keys the open design matches', async () => {
    const s = services();
    const { path } = await s.uploadTrace({ name: 'app.monitor', content: capture() });
    const profile = await s.profileRecording({ path, text: NEW_PROJECT_TEXT });
    expect(profile).toMatchObject({ format: 'monitor', records: 600, keys: 65, malformed: 0, warning: null, truncated: false });
    expect(profile.commands.map((c) => c.name)).toEqual(['GET', 'SET']);
    expect(profile.commands.reduce((sum, c) => sum + c.count, 0)).toBe(600);
    expect(profile.namespaces.map((n) => n.pattern).sort()).toEqual(['items:{id}', 'session:{id}']);
    expect(profile.namespaces.find((n) => n.pattern === 'items:{id}')?.keys).toBe(40);
    expect(profile.keyBytes).toMatchObject({ seen: 65, max: 12 });
    expect(profile.valueBytes?.max).toBe(103);
    expect(profile.rate.perSec.length).toBeGreaterThanOrEqual(3);
    // The new design's one namespace, items:{id}, matches the 40 item keys but not the 25 sessions.
    expect(profile.designMatch).toEqual({ matched: 40, unmatched: 25 });
    expect((await s.profileRecording({ path })).designMatch).toBeNull();
  });

  it('infers a design that loads, with the namespaces the capture shows', async () => {
    const s = services();
    const { path } = await s.uploadTrace({ name: 'app.monitor', content: capture() });
    const inferred = await s.inferRecording({ path });
    expect(inferred.name).toBe('app-inferred');
    const loaded = loadDesign(inferred.text);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.design.namespaces.map((n) => n.pattern).sort()).toEqual(['items:{id}', 'session:{id}']);
  });

  it('anonymizes as keyspace anonymize does: ids hashed with the salt, the namespace shape kept, values dropped', async () => {
    const s = services();
    const { path } = await s.uploadTrace({ name: 'app.monitor', content: capture() });
    const anonymized = await s.anonymizeRecording({ path, salt: 'pepper' });
    expect(anonymized).toMatchObject({ name: 'app-anonymized.jsonl', records: 600, keys: 65 });
    const text = readFileSync(anonymized.path, 'utf8');
    expect(text).not.toMatch(/"items:\d+"|"session:\d+"|vvvv/);
    expect(text).toMatch(/"items:[0-9a-f]+"/);
    expect(await s.readRecording({ path: anonymized.path })).toEqual({ name: 'app-anonymized.jsonl', text });
    const again = await s.anonymizeRecording({ path, salt: 'pepper' });
    expect(readFileSync(again.path, 'utf8')).toBe(text);
    const profile = await s.profileRecording({ path: anonymized.path, text: NEW_PROJECT_TEXT });
    expect(profile).toMatchObject({ format: 'jsonl', records: 600, keys: 65, designMatch: { matched: 40, unmatched: 25 } });
    expect(profile.namespaces.map((n) => n.pattern).sort()).toEqual(['items:{hash}', 'session:{hash}'].sort());
  });

  it('answers a bad capture with a located bad-input message, and refuses paths outside the workspace', async () => {
    const s = services();
    const lines = capture(20).split('\n').map((line, i) => (i >= 2 && i < 10 ? `${line.slice(0, 30)} "GET` : line));
    const { path } = await s.uploadTrace({ name: 'broken.monitor', content: lines.join('\n') });
    const error = await s.profileRecording({ path }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/broken\.monitor:3:\d+: /) });
    const empty = await s.uploadTrace({ name: 'empty.monitor', content: '1700000000.000000 [0 10.0.0.1:1] "PING"\n' });
    await expect(s.inferRecording({ path: empty.path })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/nothing to infer/) });
    await expect(s.anonymizeRecording({ path: empty.path })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/no record to anonymize/) });
    const keys = await s.uploadTrace({ name: 'keys.txt', content: 'items:1\nitems:2\n' });
    await expect(s.profileRecording({ path: keys.path })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/keys\.txt looks like a plain key trace/) });
    await expect(s.profileRecording({ path: '../../etc/passwd' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.profileRecording({ path: 'missing.monitor' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('bounds the file size and the time of a pass', async () => {
    const s = services();
    const file = join(s.workspaceDir, 'app.monitor');
    writeFileSync(file, capture(3000));
    const uploads = new TraceUploads(join(s.dataDir, 'traces'), () => Date.now());
    const tracePath = async (given: string) => given;
    await expect(new Recordings({ tracePath, uploads, maxBytes: 1000 }).profile(file)).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/captures up to/) });
    // A clock that jumps past the deadline at the first look: the pass stops, the profile says so.
    let now = 0;
    const late = new Recordings({ tracePath, uploads, deadlineMs: 10, now: () => (now += 100) });
    expect((await late.profile(file)).truncated).toBe(true);
    await expect(late.infer(file)).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/took over/) });
  });

  it('reads at most the host\'s number of captures at once, refusing more as busy, and frees the slot after a failure', async () => {
    const s = services();
    const file = join(s.workspaceDir, 'app.monitor');
    writeFileSync(file, capture(3000));
    const passes = new PassSlots(1);
    const recordings = new Recordings({ tracePath: async (given) => given, uploads: new TraceUploads(join(s.dataDir, 'traces'), () => Date.now()), passes });
    const first = recordings.profile(file);
    await expect(recordings.infer(file)).rejects.toMatchObject({ code: 'busy' });
    expect((await first).records).toBe(3000);
    await expect(recordings.profile(join(s.workspaceDir, 'missing.monitor'))).rejects.toMatchObject({ code: 'bad-input' });
    const broken = join(s.workspaceDir, 'broken.monitor');
    writeFileSync(broken, '1700000000.000000 [0 10.0.0.1:1] "GET\n'.repeat(10));
    await expect(recordings.profile(broken)).rejects.toMatchObject({ code: 'bad-input' });
    expect((await recordings.infer(file)).name).toBe('app-inferred');
  });
});

describe('recordings: replay', () => {
  it('replays a capture live on a managed redis-server at max speed, as a run with a hit ratio', async () => {
    const s = services();
    const { path } = await s.uploadTrace({ name: 'app.monitor', content: capture() });
    const { text } = await s.inferRecording({ path });
    const ended = nextEvent(s, 'onDidRunEnd', () => true, 60_000);
    const { runId } = await s.startRun({ text, tracePath: path, engine: 'managed', speed: 'max' });
    expect((await ended).summary).toMatchObject({ status: 'done', engine: 'managed', error: null });
    const result = (await s.getRun({ runId })).result;
    expect(result).toMatchObject({ engine: 'live', requests: 600, partial: false });
    expect(result?.cache.hitRatio).toBeGreaterThan(0.5);
  });

  it('reports progress of a live replay at 1x and stops it on cancel, with a partial result', async () => {
    const s = services();
    // 3000 records over 60 s: at 1x the first progress (256 records) comes after about 5 s, the end after a minute.
    const { path } = await s.uploadTrace({ name: 'slow.monitor', content: capture(3000, 60) });
    const { text } = await s.inferRecording({ path });
    const progressed = nextEvent(s, 'onDidRunProgress', () => true, 60_000);
    const ended = nextEvent(s, 'onDidRunEnd', () => true, 60_000);
    const { runId } = await s.startRun({ text, tracePath: path, engine: 'managed', speed: 1 });
    expect((await progressed).progress.done).toBeGreaterThan(0);
    await s.cancelRun({ runId });
    expect((await ended).summary).toMatchObject({ status: 'cancelled', engine: 'managed' });
    const result = (await s.getRun({ runId })).result;
    expect(result).toMatchObject({ engine: 'live', partial: true });
    expect(result?.requests).toBeLessThan(3000);
  });

  it('refuses a plain key trace live, and a capture on an engine that cannot replay it', async () => {
    const s = services();
    const keys = await s.uploadTrace({ name: 'keys.txt', content: 'items:1\nitems:2\n' });
    await expect(s.startRun({ text: NEW_PROJECT_TEXT, tracePath: keys.path, engine: 'managed' })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/simulator only/) });
    const recorded = await s.uploadTrace({ name: 'app.monitor', content: capture(30) });
    await expect(s.startRun({ text: NEW_PROJECT_TEXT, tracePath: recorded.path, engine: 'fidelity' })).rejects.toMatchObject({ code: 'bad-input' });
  });
});
