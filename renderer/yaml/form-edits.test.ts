/// <reference types="vite/client" />
/**
 * The edits the targets, traffic, failures and delivery forms make, on the presets as written:
 * only the edited value changes, comments and the flow/block layout stay, the result still loads.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import catalogue from '../../presets/ecommerce-catalog.yaml?raw';
import notifications from '../../presets/realtime-notifications.yaml?raw';
import { loadDesign } from '../../simulator/model';
import { appendItem, removeItem, removeKey, setValue } from './edit';
import type { EditResult } from './edit';
import { DISTRIBUTIONS, ONE_VALUE, switchDistribution, switchVariant, variantFields } from './variants';

function textOf(result: EditResult): string {
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

function changedLines(before: string, after: string): string[] {
  const known = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !known.has(line));
}

const SHAPES = {
  steady: { rate: '100/s', duration: '1m' },
  ramp: { from: '100/s', to: '1000/s', duration: '1m' },
  spike: { rate: '100/s', peak: '1000/s', duration: '1m', at: '50%', width: '10%' },
};

describe('targets', () => {
  it('edits a target and keeps the comment on its line', () => {
    const after = textOf(setValue(notifications, ['targets', 0], 'classes.critical.lost<=1'));
    expect(changedLines(notifications, after)).toEqual(['  - classes.critical.lost<=1    # critical alerts go through Streams: nothing lost']);
    expect(after.split('\n').length).toBe(notifications.split('\n').length);
  });

  it('adds and removes a target in the block list', () => {
    const added = textOf(appendItem(catalogue, ['targets'], 'p99<=100ms', { blockLevels: 0 }));
    expect(changedLines(catalogue, added)).toEqual(['  - p99<=100ms']);
    const loaded = loadDesign(added);
    expect(loaded.ok && loaded.design.targets).toEqual(['hitRatio>=0.7', 'p95<=60ms', 'namespaces.listings.hitRatio>=0.8', 'p99<=100ms']);
    expect(parse(textOf(removeItem(added, ['targets'], 1))).targets).toEqual(['hitRatio>=0.7', 'namespaces.listings.hitRatio>=0.8', 'p99<=100ms']);
  });

  it('reports a target that cannot be parsed at its path, as the CLI does', () => {
    const after = textOf(setValue(catalogue, ['targets', 1], 'p95<<60ms'));
    const loaded = loadDesign(after);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors.map((error) => error.path)).toContain('targets[1]');
  });
});

describe('traffic phases and operations', () => {
  it('edits a rate inside a flow-style phase, one line changed', () => {
    const after = textOf(setValue(catalogue, ['traffic', 'phases', 1, 'rate'], '1200/s'));
    expect(changedLines(catalogue, after)).toEqual(['    - { name: peak, shape: steady, rate: 1200/s, duration: 10m }']);
  });

  it('switches a phase to another shape in place, keeping its name and duration', () => {
    const phase = { name: 'peak', shape: 'steady', rate: '1000/s', duration: '10m' };
    const spike = switchVariant(phase, 'shape', 'spike', SHAPES);
    expect(spike).toEqual({ name: 'peak', shape: 'spike', rate: '1000/s', peak: '1000/s', duration: '10m', at: '50%', width: '10%' });
    const after = textOf(setValue(catalogue, ['traffic', 'phases', 1], spike));
    expect(changedLines(catalogue, after)).toEqual(['    - { name: peak, shape: spike, rate: 1000/s, peak: 1000/s, duration: 10m, at: 50%, width: 10% }']);
    expect(after).toContain('# E-commerce API, cache-aside product catalogue');
    expect(loadDesign(after).ok).toBe(true);
  });

  it('drops the fields the new shape does not have', () => {
    const ramp = switchVariant({ shape: 'spike', rate: '5/s', peak: '50/s', duration: '1m', at: '20%' }, 'shape', 'ramp', SHAPES);
    expect(ramp).toEqual({ shape: 'ramp', from: '100/s', to: '1000/s', duration: '1m' });
    expect(variantFields('ramp', SHAPES)).toEqual(['from', 'to', 'duration']);
    expect(variantFields('unknown', SHAPES)).toEqual([]);
    const optional = { storm: { at: '30s', worker: undefined }, restart: { at: '30s', worker: 0 } };
    expect(switchVariant({ kind: 'restart', at: '5s', worker: 2 }, 'kind', 'storm', optional)).toEqual({ kind: 'storm', at: '5s', worker: 2 });
    expect(switchVariant({ kind: 'other', at: '5s' }, 'kind', 'storm', optional)).toEqual({ kind: 'storm', at: '5s' });
  });

  it('reports an unknown field of a phase at a path of its own, which the phase row shows', () => {
    const after = textOf(setValue(catalogue, ['traffic', 'phases', 1, 'burst'], 2));
    expect(changedLines(catalogue, after)).toEqual(['    - { name: peak, shape: steady, rate: 1000/s, duration: 10m, burst: 2 }']);
    const loaded = loadDesign(after);
    expect(!loaded.ok && loaded.errors.map((error) => [error.path, error.message])).toContainEqual(['traffic.phases[1].burst', expect.stringMatching(/^unknown field "burst" in traffic\.phases\[1\]; known fields here: name, shape, rate/)]);
  });

  it('changes the op of an operation and removes one', () => {
    const after = textOf(setValue(catalogue, ['traffic', 'operations', 5, 'op'], 'read'));
    expect(changedLines(catalogue, after)).toEqual(['    - { namespace: orders, op: read, weight: 0.6 }']);
    const removed = textOf(removeItem(catalogue, ['traffic', 'operations'], 1));
    expect(removed.split('\n').length).toBe(catalogue.split('\n').length - 1);
    expect(parse(removed).traffic.operations).toHaveLength(5);
  });
});

describe('pub/sub failures, classes, audiences, slow clients and reconnect', () => {
  it('switches a failure kind and adds one, in the list\'s flow style', () => {
    const storm = switchVariant({ kind: 'worker-restart', at: '40.5s', worker: 1, duration: '5s' }, 'kind', 'reconnect-storm', {
      'reconnect-storm': { at: '30s', share: '100%' },
    });
    const after = textOf(setValue(notifications, ['pubsub', 'failures', 0], storm));
    expect(changedLines(notifications, after)).toEqual(['    - { kind: reconnect-storm, at: 40.5s, share: 100% }']);
    const added = textOf(appendItem(notifications, ['pubsub', 'failures'], { kind: 'shard-failover', at: '60s', shard: 0, duration: '15s' }, { blockLevels: 0 }));
    expect(changedLines(notifications, added)).toEqual(['    - { kind: shard-failover, at: 60s, shard: 0, duration: 15s }']);
    expect(loadDesign(added).ok).toBe(true);
  });

  it('edits a class delivery, an audience share, the slow clients and the reconnect backoff', () => {
    let text = textOf(setValue(notifications, ['pubsub', 'classes', 0, 'delivery'], 'streams'));
    text = textOf(setValue(text, ['pubsub', 'clients', 'audiences', 1, 'share'], '3%'));
    text = textOf(setValue(text, ['pubsub', 'clients', 'slow', 'speed'], '1/s'));
    text = textOf(setValue(text, ['pubsub', 'reconnect', 'max'], '8s'));
    expect(changedLines(notifications, text)).toEqual([
      '    - { name: best-effort, delivery: streams }',
      '    slow: { share: 2%, speed: 1/s }',
      '      - { name: operators, share: 3%, follows: [{ channels: alerts, per: all }] }',
      '  reconnect: { base: 100ms, max: 8s, jitter: 50% }',
    ]);
    const loaded = loadDesign(text);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors.map((error) => error.message).join('\n')).toMatch(/audience shares add up to 101%/);
  });

  it('removes the slow clients and adds them back on one line', () => {
    const removed = textOf(removeKey(notifications, ['pubsub', 'clients', 'slow']));
    expect(removed.split('\n').length).toBe(notifications.split('\n').length - 1);
    expect(parse(removed).pubsub.clients.slow).toBeUndefined();
    const added = textOf(setValue(removed, ['pubsub', 'clients', 'slow'], { share: '5%', speed: '1/s' }));
    expect(changedLines(removed, added)).toEqual(['    slow: { share: 5%, speed: 1/s }']);
    expect(loadDesign(added).ok).toBe(true);
  });

  it('adds a follow to an audience inside a flow list', () => {
    const after = textOf(appendItem(notifications, ['pubsub', 'clients', 'audiences', 1, 'follows'], { channels: 'citizens', per: 'all' }));
    expect(changedLines(notifications, after)).toEqual(['      - { name: operators, share: 2%, follows: [{ channels: alerts, per: all }, { channels: citizens, per: all }] }']);
  });
});

describe('distributions', () => {
  it('reads the parameters of each distribution from the schema', () => {
    expect(DISTRIBUTIONS).toEqual({ fixed: ['value'], uniform: ['min', 'max'], normal: ['mean', 'stddev'], lognormal: ['p50', 'p99'], exponential: ['mean'] });
  });

  it('switches one value to a distribution and back, keeping shared parameters; the result loads', () => {
    expect(switchDistribution('1kb', 'lognormal')).toEqual({ dist: 'lognormal', p50: '1kb', p99: '1kb' });
    expect(switchDistribution({ dist: 'lognormal', p50: '2kb', p99: '16kb' }, ONE_VALUE)).toBe('2kb');
    expect(switchDistribution({ dist: 'normal', mean: '3kb', stddev: '1kb' }, 'exponential')).toEqual({ dist: 'exponential', mean: '3kb' });
    const after = textOf(setValue(catalogue, ['namespaces', 2, 'valueSize'], switchDistribution('1kb', 'uniform')));
    expect(changedLines(catalogue, after)).toEqual(['    valueSize: { dist: uniform, min: 1kb, max: 1kb }']);
    expect(loadDesign(after).ok).toBe(true);
  });
});
