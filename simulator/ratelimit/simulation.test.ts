import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { checkAssertion, compilePlan, parseAssertion, simulate } from '../run';
import type { RunResult } from '../run';
import { seriesCsv } from '../export';

/** A small API: 100 clients at ~2 requests/s each, 5 % of them abusive, the given limiter. */
function design(limiter: string, server = 'maxmemory: 0b', abusive = '{ clients: 5%, rateMultiple: 20, edgeBursts: 1s }'): string {
  return `version: 1
name: limits
namespaces:
  - { name: products, pattern: "products:{id}", cardinality: 2000, valueSize: 1kb, skew: { dist: zipf, alpha: 0.9 }, dataClass: catalog }
ttlMatrix:
  catalog: { dev: { ttl: 5m }, staging: { ttl: 5m }, prod: { ttl: 5m } }
server: { ${server} }
traffic:
  phases:
    - { shape: steady, rate: 200/s, duration: 2m }
  operations:
    - { namespace: products, op: read, weight: 1 }
  abusive: ${abusive}
rateLimits:
${limiter}
`;
}

function run(text: string): RunResult {
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return simulate(compilePlan(loaded.design));
}

const limiter = (name: string, algorithm: string, extra = '') =>
  `  - { name: ${name}, pattern: "rl:${name}:{ip}", clients: 100, limit: 60, period: 10s, algorithm: ${algorithm}${extra} }`;

describe('rate limiters on the simulated Redis', () => {
  it('given edge bursts, a fixed window over-admits and a sliding log never does; both see the same clients', () => {
    const result = run(design([limiter('fixed', 'fixed-window', ', window: aligned, shadow: true'), limiter('log', 'sliding-log', ', shadow: true')].join('\n')));
    const [fixed, log] = result.rateLimits ?? [];
    expect(log.overAdmitted).toBe(0);
    expect(log.wronglyRefused).toBe(0);
    expect(log.admitted).toBe(log.exactAdmitted);
    expect(fixed.abusive.overAdmitted).toBeGreaterThan(0);
    expect(fixed.normal.refused).toBe(0);
    expect(fixed.requests).toBe(result.requests);
    expect(fixed.exactAdmitted).toBe(log.exactAdmitted);
    expect(result.requests).toBe(log.requests);
  });

  it('an enforcing limiter keeps refused requests from the cache; a shadow one does not', () => {
    const enforcing = run(design(limiter('log', 'sliding-log')));
    const shadow = run(design(limiter('log', 'sliding-log', ', shadow: true')));
    const refused = enforcing.rateLimits?.[0].refused ?? 0;
    expect(refused).toBeGreaterThan(0);
    expect(enforcing.cache.reads).toBe(enforcing.requests - refused);
    expect(shadow.cache.reads).toBe(shadow.requests);
  });

  it('counts the limiter keys in used_memory as MEMORY USAGE sizes them, one key per active client', () => {
    const result = run(design(limiter('bucket', 'token-bucket')));
    const bucket = result.rateLimits?.[0];
    expect(bucket?.keys).toBeGreaterThan(50);
    // A listpack hash {tokens, ts} under an 11–12-byte key: 16 + 48 (listpack) + 16 (key sds) + 24 = 104
    // bytes; in used_memory the dictEntry is 32 and the TTL adds an expires entry of 32: 144.
    expect(bucket?.maxKeyMemoryUsageBytes).toBe(104);
    expect(bucket?.usedMemoryBytes).toBe((bucket?.keys ?? 0) * 144);
    expect(bucket?.commands).toBe(4 * (bucket?.requests ?? 0));
  });

  it('under allkeys-lru pressure, evicted counters start over and let abusive clients through', () => {
    const roomy = run(design(limiter('log', 'sliding-log'), 'maxmemory: 64mb, maxmemoryPolicy: allkeys-lru'));
    // 1375 KB: about 50 KB for keys beside the startup memory, connections and 17 latency histograms (the sliding log's 7 commands among them).
    const tight = run(design(limiter('log', 'sliding-log'), 'maxmemory: 1375kb, maxmemoryPolicy: allkeys-lru'));
    expect(roomy.rateLimits?.[0].evictedKeys).toBe(0);
    expect(roomy.rateLimits?.[0].overAdmitted).toBe(0);
    const log = tight.rateLimits?.[0];
    expect(log?.evictedKeys).toBeGreaterThan(0);
    expect(log?.evictionResets).toBeGreaterThan(0);
    expect(log?.abusive.overAdmitted).toBeGreaterThan(0);
  });

  it('a lost EXPIRE (the race) keeps a fixed window refusing its client: wrongly refused requests', () => {
    const steady = '{ clients: 5%, rateMultiple: 20 }';
    const racy = run(design(limiter('racy', 'fixed-window', ', race: true, raceLoss: 50%'), 'maxmemory: 0b', steady)).rateLimits?.[0];
    const sound = run(design(limiter('racy', 'fixed-window'), 'maxmemory: 0b', steady)).rateLimits?.[0];
    expect(racy?.wronglyRefused).toBeGreaterThan(5 * (sound?.wronglyRefused ?? 0));
    expect(racy?.normal.refused).toBeGreaterThan(0);
    expect(sound?.normal.refused).toBe(0);
  });

  it('answers rateLimits.<name>.<field> and rateLimits.<name>.abusive.<field> assertions', () => {
    const result = run(design(limiter('per.ip', 'gcra')));
    const gcra = result.rateLimits?.[0];
    for (const [text, actual] of [['rateLimits.per.ip.admitted>=0', gcra?.admitted], ['rateLimits.per.ip.abusive.refused>=0', gcra?.abusive.refused]] as const) {
      const assertion = parseAssertion(text);
      if (typeof assertion === 'string') throw new Error(assertion);
      expect(checkAssertion(assertion, result)).toMatchObject({ passed: true, actual });
    }
    const missing = parseAssertion('rateLimits.other.overAdmitted<=0');
    if (typeof missing === 'string') throw new Error(missing);
    expect(checkAssertion(missing, result).passed).toBe(false);
    expect(parseAssertion('rateLimits.per.ip.normal.keys<=1')).toMatch(/unknown metric/);
  });

  it('streams each limiter\'s counters in the time series, ending at the result\'s, as CSV columns by name', () => {
    const result = run(design(limiter('log', 'sliding-log'), 'maxmemory: 1375kb, maxmemoryPolicy: allkeys-lru'));
    const log = result.rateLimits?.[0];
    const lastPoint = result.series[result.series.length - 1].rateLimits?.log;
    expect(lastPoint).toEqual({ admitted: log?.admitted, refused: log?.refused, overAdmitted: log?.overAdmitted, evictedKeys: log?.evictedKeys });
    expect(log?.evictedKeys).toBeGreaterThan(0);
    const admitted = result.series.map((point) => point.rateLimits?.log.admitted ?? Number.NaN);
    expect(admitted.every((value, i) => i === 0 || value >= admitted[i - 1])).toBe(true);
    const [header] = seriesCsv(result).split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['rateLimits.log.admitted', 'rateLimits.log.refused', 'rateLimits.log.evictedKeys']));
  });

  it('leaves a design without limiters as it was: no rateLimits in the result', () => {
    const text = design('  []').replace('rateLimits:\n  []\n', '').replace(/ {2}abusive: .*\n/, '');
    expect(run(text).rateLimits).toBeUndefined();
    expect(run(text).series.some((point) => point.rateLimits !== undefined)).toBe(false);
  });
});
