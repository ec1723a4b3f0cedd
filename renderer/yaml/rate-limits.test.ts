/// <reference types="vite/client" />
/**
 * The rate-limit form's edits on the preset as written: only the edited lines change, comments
 * stay, the result loads (or fails at the limiter's own path, as `keyspace validate` says).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import catalogue from '../../presets/ecommerce-catalog.yaml?raw';
import preset from '../../presets/ecommerce-rate-limit.yaml?raw';
import { loadDesign } from '../../simulator/model';
import { removeItem, removeKey, setValue } from './edit';
import type { EditResult } from './edit';
import { addLimiter, KEYED_BY, NEW_ABUSIVE, newLimiter, setRace, switchAlgorithm, switchKeyedBy, WINDOWS } from './rate-limits';

function textOf(result: EditResult): string {
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

function changedLines(before: string, after: string): string[] {
  const known = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !known.has(line));
}

function errorsOf(text: string): Array<[string, string]> {
  const loaded = loadDesign(text);
  return loaded.ok ? [] : loaded.errors.map((error) => [error.path, error.message]);
}

const COMMENT = '# E-commerce API with the guides\' rate limiter beside the cache';

describe('rate limiters in the form', () => {
  it('reads what a limiter can be keyed by and a fixed window\'s kinds from the schema', () => {
    expect(KEYED_BY).toEqual(['ip', 'user', 'apiKey', 'endpoint']);
    expect(WINDOWS).toEqual(['first-request', 'aligned']);
  });

  it('adds the guides\' limiter as a block mapping under a free name; the design loads with it', () => {
    const limiter = newLimiter(['limiter1', 'limiter2', 'limiter3'], 400);
    expect(limiter).toEqual({ name: 'limiter4', pattern: 'rate_limit:limiter4:{ip}', keyedBy: 'ip', clients: 400, limit: 100, period: '60s', algorithm: 'fixed-window' });
    const after = textOf(addLimiter(preset, newLimiter(['minute-aligned', 'sliding-log', 'per-ip', 'api-key-hourly'], 400)));
    const last = '    description: an hourly quota per API key, its counters in the same allkeys-lru cache';
    const added = ['  - name: limiter5', '    pattern: "rate_limit:limiter5:{ip}"', '    keyedBy: ip', '    clients: 400', '    limit: 100', '    period: 60s', '    algorithm: fixed-window'];
    expect(after).toBe(preset.replace(last, [last, ...added].join('\n')));
    expect(after).toContain(COMMENT);
    const loaded = loadDesign(after);
    expect(loaded.ok && loaded.design.rateLimits?.map((l) => l.name)).toEqual(['minute-aligned', 'sliding-log', 'per-ip', 'api-key-hourly', 'limiter5']);
  });

  it('creates the rateLimits section in a design without one', () => {
    const after = textOf(addLimiter(catalogue, newLimiter([], 1000)));
    expect(parse(after).rateLimits).toEqual([{ name: 'limiter1', pattern: 'rate_limit:limiter1:{ip}', keyedBy: 'ip', clients: 1000, limit: 100, period: '60s', algorithm: 'fixed-window' }]);
    expect(errorsOf(after)).toEqual([]);
  });

  it('removes a limiter and its lines only', () => {
    const after = textOf(removeItem(preset, ['rateLimits'], 1));
    expect(parse(after).rateLimits.map((l: { name: string }) => l.name)).toEqual(['minute-aligned', 'per-ip', 'api-key-hourly']);
    expect(preset.split('\n').length - after.split('\n').length).toBe(9);
    expect(after).not.toContain('algorithm: sliding-log');
  });

  it('switches an aligned fixed window to a token bucket in one edit, dropping its window (which the schema would refuse)', () => {
    expect(errorsOf(textOf(setValue(preset, ['rateLimits', 0, 'algorithm'], 'token-bucket')))).toContainEqual(['rateLimits[0].window', 'window applies to fixed-window only, not token-bucket']);
    const after = textOf(switchAlgorithm(preset, 0, 'token-bucket'));
    expect(changedLines(preset, after)).toEqual(['    algorithm: token-bucket']);
    expect(after).not.toContain('window: aligned');
    expect(errorsOf(after)).toEqual([]);
    expect(changedLines(preset, textOf(switchAlgorithm(preset, 2, 'fixed-window')))).toEqual([]);
  });

  it('turns the INCR/EXPIRE race on and off; its loss share goes with it', () => {
    const racy = textOf(setRace(preset, 2, true));
    expect(changedLines(preset, racy)).toEqual(['    race: true']);
    const lossy = textOf(setValue(racy, ['rateLimits', 2, 'raceLoss'], '5%'));
    const loaded = loadDesign(lossy);
    expect(loaded.ok && loaded.design.rateLimits?.[2]).toMatchObject({ race: true, raceLoss: '5%' });
    expect(textOf(setRace(lossy, 2, false))).toBe(preset);
    expect(errorsOf(textOf(setRace(preset, 1, true)))).toContainEqual(['rateLimits[1].race', 'race applies to fixed-window only, not sliding-log']);
  });

  it('keys a limiter by user: the pattern\'s placeholder follows, one undo step', () => {
    const after = textOf(switchKeyedBy(preset, 2, 'rate_limit:{ip}', 'ip', 'user'));
    expect(changedLines(preset, after)).toEqual(['    pattern: "rate_limit:{user}"', '    keyedBy: user']);
    expect(errorsOf(after)).toEqual([]);
    const custom = textOf(switchKeyedBy(preset, 3, 'quota:{apiKey}', 'ip', 'endpoint'));
    expect(changedLines(preset, custom)).toEqual(['    keyedBy: endpoint']);
  });

  it('locates a limit of 0 and a pattern that names a namespace\'s keys at the limiter\'s fields', () => {
    const zero = textOf(setValue(preset, ['rateLimits', 2, 'limit'], 0));
    expect(changedLines(preset, zero)).toEqual(['    limit: 0']);
    expect(errorsOf(zero)).toContainEqual(['rateLimits[2].limit', expect.stringMatching(/^a limit of 0 refuses every request/)]);
    const clash = textOf(setValue(preset, ['rateLimits', 2, 'pattern'], 'products:{ip}'));
    expect(errorsOf(clash)).toContainEqual(['rateLimits[2].pattern', expect.stringMatching(/^pattern "products:\{ip\}" names keys of namespace "products"/)]);
  });

  it('edits the abusive clients in their flow mapping, removes them and adds them back', () => {
    const edited = textOf(setValue(preset, ['traffic', 'abusive', 'rateMultiple'], 20));
    expect(changedLines(preset, edited)).toEqual(['  abusive: { clients: 2%, rateMultiple: 20, edgeBursts: 2s }']);
    const removed = textOf(removeKey(preset, ['traffic', 'abusive']));
    expect(parse(removed).traffic.abusive).toBeUndefined();
    expect(errorsOf(removed)).toEqual([]);
    const added = textOf(setValue(removed, ['traffic', 'abusive'], { ...NEW_ABUSIVE }));
    expect(changedLines(removed, added)).toEqual(['  abusive: { clients: 2%, rateMultiple: 10 }']);
    expect(errorsOf(added)).toEqual([]);
    expect(errorsOf(textOf(setValue(catalogue, ['traffic', 'abusive'], { ...NEW_ABUSIVE })))).toContainEqual(['traffic.abusive', expect.stringMatching(/add a rateLimits section/)]);
  });
});
