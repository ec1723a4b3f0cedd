import { describe, expect, it } from 'vitest';
import { formatDesignError, loadDesign } from './load';

const BASE = `version: 1
name: api
namespaces:
  - name: products
    pattern: "products:{id}"
    cardinality: 1000
    valueSize: 1kb
    dataClass: catalog
ttlMatrix:
  catalog: { dev: { ttl: 1m }, staging: { ttl: 5m }, prod: { ttl: 5m } }
traffic:
  phases:
    - { shape: steady, rate: 200/s, duration: 1m }
  operations:
    - { namespace: products, weight: 1 }
  abusive: { clients: 2%, rateMultiple: 20, edgeBursts: 2s }
rateLimits:
  - name: per-ip
    pattern: "rate_limit:{ip}"
    clients: 400
    limit: LIMIT
    period: 60s
    algorithm: ALGORITHM
`;

function errorsOf(limit: string, algorithm: string, pattern = 'rate_limit:{ip}'): string[] {
  const text = BASE.replace('LIMIT', limit).replace('ALGORITHM', algorithm).replace('rate_limit:{ip}', pattern);
  const result = loadDesign(text);
  return result.ok ? [] : result.errors.map((e) => formatDesignError('d.yaml', e));
}

describe('rateLimits in the design file', () => {
  it('accepts the guides\' limiter (100 requests per 60 s per IP, fixed window) and fills its defaults', () => {
    const result = loadDesign(BASE.replace('LIMIT', '100').replace('ALGORITHM', 'fixed-window'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.design.rateLimits?.[0]).toMatchObject({ keyedBy: 'ip', skew: { dist: 'uniform' }, window: 'first-request', race: false, raceLoss: '1%' });
    expect(result.design.traffic.abusive).toEqual({ clients: '2%', rateMultiple: 20, edgeBursts: '2s' });
  });

  it('rejects a limit of 0 at its line and column', () => {
    expect(errorsOf('0', 'gcra')).toEqual([expect.stringMatching(/^d\.yaml:21:12 rateLimits\[0\]\.limit: a limit of 0 refuses every request/)]);
  });

  it('rejects an unknown algorithm, naming the valid ones', () => {
    expect(errorsOf('100', 'leaky-bucket')).toEqual([
      'd.yaml:23:16 rateLimits[0].algorithm: "leaky-bucket" is not a rate-limit algorithm; valid: fixed-window, sliding-log, sliding-counter, token-bucket, gcra',
    ]);
  });

  it('rejects a pattern whose keys are a namespace\'s', () => {
    expect(errorsOf('100', 'sliding-log', 'products:{ip}')).toEqual([
      expect.stringMatching(/^d\.yaml:19:14 rateLimits\[0\]\.pattern: pattern "products:\{ip\}" names keys of namespace "products"/),
    ]);
  });

  it('rejects race on an algorithm other than the fixed window, and a pattern without a placeholder', () => {
    const text = BASE.replace('LIMIT', '100').replace('ALGORITHM', 'gcra\n    race: true').replace('rate_limit:{ip}', 'rate_limit');
    const result = loadDesign(text);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      expect.stringMatching(/^rateLimits\[0\]\.pattern: pattern "rate_limit" has no placeholder/),
      'rateLimits[0].race: race applies to fixed-window only, not gcra',
    ]);
  });
});

describe('traffic.abusive', () => {
  it('is rejected without a limiter whose clients it would be', () => {
    const text = BASE.replace('LIMIT', '100').replace('ALGORITHM', 'gcra').replace(/rateLimits:[\s\S]*$/, '');
    const result = loadDesign(text);
    expect(result.ok ? [] : result.errors.map((e) => formatDesignError('d.yaml', e))).toEqual([
      'd.yaml:16:12 traffic.abusive: abusive clients are clients of a rate limiter: add a rateLimits section, or remove traffic.abusive',
    ]);
  });
});
