import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunQueue } from './run-queue';
import { nextEvent, PRESETS_DIR, testServices } from './test-support';
import { WorkerPool } from './worker-start';
import type { WorkbenchServices } from './types';

/** A queue whose runs record when they start and every place in line they are told. */
function harness(limits: ConstructorParameters<typeof RunQueue>[0]) {
  const queue = new RunQueue(limits);
  const started: string[] = [];
  const places = new Map<string, number[]>();
  const add = (owner: string, id: string) => queue.enqueue({
    id, owner,
    start: () => started.push(id),
    position: (place) => places.set(id, [...(places.get(id) ?? []), place]),
  });
  return { queue, started, places, add };
}

describe('the run queue', () => {
  it('starts runs while under both limits and queues the rest instead of refusing them', () => {
    const { queue, started, places, add } = harness({ total: 3, perPerson: 2 });
    expect(add('ann', 'a1')).toBe(true);
    expect(add('ann', 'a2')).toBe(true);
    expect(add('ann', 'a3')).toBe(false); // ann is at her own limit, though a slot is free
    expect(add('bob', 'b1')).toBe(true);
    expect(add('bob', 'b2')).toBe(false); // the room is full
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(queue.counts()).toEqual({ going: 3, waiting: 2 });
    expect(queue.counts('ann')).toEqual({ going: 2, waiting: 1 });
    expect(places.get('a3')).toEqual([1]);
    expect(places.get('b2')).toEqual([2]);
  });

  it('refuses a run, as busy, when its owner already has as many waiting as one person may; others still queue', () => {
    const { queue, add } = harness({ total: 1, perPerson: 1, waitingPerPerson: 2 });
    add('ann', 'a1');
    add('ann', 'a2');
    add('ann', 'a3');
    expect(() => queue.checkRoom('ann')).toThrow(/You have 2 runs waiting in line; each person may have 2/);
    expect(() => queue.checkRoom('bob')).not.toThrow();
    queue.remove('a3');
    expect(() => queue.checkRoom('ann')).not.toThrow();
  });

  it('serves owners round-robin: one person queuing many runs does not hold back the others', () => {
    const { queue, started, places, add } = harness({ total: 1, perPerson: 5 });
    add('ann', 'a1');
    for (const id of ['a2', 'a3', 'a4']) add('ann', id);
    add('bob', 'b1');
    add('cid', 'c1');
    // In line: a2 (ann's turn), then b1, c1, then ann's next.
    expect([...places].map(([id, seen]) => [id, seen.at(-1)])).toEqual([['a2', 1], ['a3', 4], ['a4', 5], ['b1', 2], ['c1', 3]]);
    for (let i = 0; i < 5; i++) queue.release(started.at(-1) as string);
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'a4']);
    // Each was told 0 as it left the line.
    expect(places.get('c1')?.at(-1)).toBe(0);
  });

  it('keeps the per-person limit when a slot frees: the next person with room goes first', () => {
    const { queue, started, add } = harness({ total: 2, perPerson: 1 });
    add('ann', 'a1');
    add('ann', 'a2');
    add('bob', 'b1');
    add('bob', 'b2');
    expect(started).toEqual(['a1', 'b1']);
    queue.release('b1');
    expect(started).toEqual(['a1', 'b1', 'b2']); // a2 waits: ann still has a1 going
    queue.release('a1');
    expect(started).toEqual(['a1', 'b1', 'b2', 'a2']);
  });

  it('takes a run out of line when it is cancelled while waiting; the others move up', () => {
    const { queue, started, places, add } = harness({ total: 1, perPerson: 1 });
    add('ann', 'a1');
    add('bob', 'b1');
    add('cid', 'c1');
    expect(places.get('c1')).toEqual([2]);
    expect(queue.remove('b1')).toBe(true);
    expect(places.get('c1')).toEqual([2, 1]);
    expect(queue.remove('b1')).toBe(false);
    expect(queue.remove('a1')).toBe(false); // going, not waiting
    queue.release('a1');
    expect(started).toEqual(['a1', 'c1']);
    expect(queue.counts()).toEqual({ going: 1, waiting: 0 });
  });

  it('ignores a release of a run that holds no slot', () => {
    const { queue, started, add } = harness({ total: 1, perPerson: 1 });
    add('ann', 'a1');
    add('bob', 'b1');
    queue.release('nope');
    expect(started).toEqual(['a1']);
  });
});

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const opened: WorkbenchServices[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.dispose()));
});

describe('runs through a shared queue', () => {
  const room = () => {
    const queue = new RunQueue({ total: 1, perPerson: 1 });
    const pool = new WorkerPool({});
    const services = (id: string, redisServerPath?: string) => {
      const s = testServices({ redisServerPath, room: { queue, pool, participant: { id, name: id } } });
      opened.push(s);
      return s;
    };
    return { queue, pool, services };
  };

  it('queues a second participant\'s run, reports its place, and starts it when a failing run frees the slot', async () => {
    const { queue, services } = room();
    const ann = services('ann', '/nonexistent/redis-server');
    const bob = services('bob');
    const queued = nextEvent(bob, 'onDidRunQueued');
    const failing = await ann.startRun({ text: CATALOG, engine: 'managed', requests: 1000 });
    const { runId } = await bob.startRun({ text: CATALOG, requests: 20_000 });
    expect(await queued).toEqual({ runId, position: 1 });
    expect((await bob.listRuns())[0]).toMatchObject({ runId, status: 'queued' });
    // Ann's events stay Ann's: Bob's services never hear of her run.
    expect((await bob.listRuns()).map((run) => run.runId)).not.toContain(failing.runId);
    const annEnd = await nextEvent(ann, 'onDidRunEnd');
    expect(annEnd.summary.status).toBe('failed');
    const bobEnd = await nextEvent(bob, 'onDidRunEnd', (end) => end.runId === runId);
    expect(bobEnd.summary).toMatchObject({ status: 'done' });
    expect(queue.counts()).toEqual({ going: 0, waiting: 0 });
  });

  it('cancels a queued run without running it', async () => {
    const { queue, services } = room();
    const ann = services('ann');
    const bob = services('bob');
    const first = await ann.startRun({ text: CATALOG, requests: 50_000_000 });
    const { runId } = await bob.startRun({ text: CATALOG, requests: 1000 });
    const ended = nextEvent(bob, 'onDidRunEnd');
    await bob.cancelRun({ runId });
    expect(await ended).toMatchObject({ runId, summary: { status: 'cancelled', hitRatio: null } });
    expect(queue.counts()).toEqual({ going: 1, waiting: 0 });
    const annEnd = nextEvent(ann, 'onDidRunEnd');
    await ann.cancelRun({ runId: first.runId });
    expect((await annEnd).summary.status).toBe('cancelled');
    expect(queue.counts()).toEqual({ going: 0, waiting: 0 });
  });
});
