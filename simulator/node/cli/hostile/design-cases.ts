/**
 * The hostile design corpus: each case is a design text (a mutation of a small valid one, or
 * something that is not a design at all) and the message a person must get for it. Every case
 * must end with exit 2 and one located line per problem, never a stack trace.
 */

/** A small design that validates and runs in milliseconds. */
export const BASE = `version: 1
name: base
environments: [dev, prod]
defaultEnvironment: prod
namespaces:
  - name: products
    pattern: "products:{id}"
    cardinality: 1000
    valueSize: { dist: lognormal, p50: 2kb, p99: 16kb }
    skew: { dist: zipf, alpha: 1.0 }
    dataClass: product
  - name: lists
    pattern: "products:list:{page}"
    cardinality: 10
    valueSize: 4kb
    dataClass: product
ttlMatrix:
  product:
    dev: { ttl: 30s, jitter: 10% }
    prod: { ttl: 5m, jitter: 10% }
invalidation:
  - { on: products, action: delete-pattern, target: "products:list:*" }
server: { maxmemory: 8mb, maxmemoryPolicy: allkeys-lru }
origin: { latency: 20ms, maxConcurrency: 50 }
traffic:
  phases:
    - { name: steady, shape: steady, rate: 200/s, duration: 5s }
  operations:
    - { namespace: products, op: mixed, weight: 0.9 }
    - { namespace: lists, op: read, weight: 0.1 }
targets: ["hitRatio>=0"]
`;

export interface DesignCase {
  name: string;
  text: string;
  /** What the message must say (so a case cannot pass by failing for another reason). */
  expect: RegExp;
}

function swap(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`corpus: "${from}" is not in the base design`);
  return BASE.replace(from, to);
}

const aliasBomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]']
  .concat(['b', 'c', 'd', 'e', 'f', 'g'].map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`))
  .join('\n');

const swaps: Array<[string, string, string, RegExp]> = [
  ['dataClass constructor', 'dataClass: product\n  - name: lists', 'dataClass: constructor\n  - name: lists', /data class "constructor" has no row/],
  ['dataClass toString', 'dataClass: product\n  - name: lists', 'dataClass: toString\n  - name: lists', /data class "toString" has no row/],
  ['dataClass hasOwnProperty', 'dataClass: product\n  - name: lists', 'dataClass: hasOwnProperty\n  - name: lists', /has no row/],
  ['env valueOf', 'defaultEnvironment: prod', 'defaultEnvironment: valueOf', /"valueOf" is not one of environments/],
  ['invalid glob range', 'target: "products:list:*"', 'target: "products:[z-a]*"', /not a valid glob/],
  ['glob matching nothing', 'target: "products:list:*"', 'target: "orders:*"', /matches no namespace pattern/],
  ['no placeholder', 'pattern: "products:{id}"', 'pattern: "products:all"', /has no placeholder, so it names one key/],
  ['same pattern twice', 'pattern: "products:list:{page}"', 'pattern: "products:{id}"', /two namespaces would share keys/],
  ['3 GB value', 'valueSize: 4kb', 'valueSize: 3gb', /512 MB/],
  ['100000 GB value', 'valueSize: 4kb', 'valueSize: 100000gb', /512 MB/],
  ['lognormal p50 above p99', 'p50: 2kb, p99: 16kb', 'p50: 20kb, p99: 16kb', /p99 16kb is below p50 20kb/],
  ['lognormal zero median', 'p50: 2kb, p99: 16kb', 'p50: 0kb, p99: 16kb', /median must be above 0/],
  ['uniform min above max', 'valueSize: 4kb', 'valueSize: { dist: uniform, min: 8kb, max: 4kb }', /below min/],
  ['latency uniform min above max', 'latency: 20ms', 'latency: { dist: uniform, min: 80ms, max: 20ms }', /below min/],
  ['weights sum to Infinity', 'weight: 0.9 }', 'weight: 1.7e308 }\n    - { namespace: products, op: read, weight: 1.7e308 }', /add up to Infinity/],
  ['NaN target', 'targets: ["hitRatio>=0"]', 'targets: ["hitRatio>=NaN"]', /"NaN" is not a ratio/],
  ['unknown target metric', 'targets: ["hitRatio>=0"]', 'targets: ["hitrate>=0.5"]', /unknown metric "hitrate"/],
  ['target without operator', 'targets: ["hitRatio>=0"]', 'targets: ["hitRatio"]', /needs a comparison/],
  ['origin capacity 0/s', 'maxConcurrency: 50 }', 'maxConcurrency: 50, capacity: 0/s }', /answers nothing/],
  ['rate bomb', 'rate: 200/s, duration: 5s', 'rate: 999999999999999/s, duration: 60s', /requests, over the limit/],
  ['duration bomb', 'rate: 200/s, duration: 5s', 'rate: 200/s, duration: 1000000000000000000000000000000d', /requests, over the limit/],
  ['ramp bomb', '{ name: steady, shape: steady, rate: 200/s, duration: 5s }', '{ shape: ramp, from: 1/s, to: 1000000000/s, duration: 1h }', /requests, over the limit/],
  ['60 M prewarmed keys', 'cardinality: 1000\n', 'cardinality: 60000000\n    prewarm: true\n', /memory|keys in all/],
  ['cardinality over the schema limit', 'cardinality: 1000\n', 'cardinality: 1000000000\n', /at most 100 million keys/],
  ['cardinality 2^53', 'cardinality: 1000\n', 'cardinality: 9007199254740993\n', /at most 100 million keys/],
  ['negative cardinality', 'cardinality: 1000\n', 'cardinality: -5\n', /at least one key/],
  ['fractional cardinality', 'cardinality: 1000\n', 'cardinality: 10.5\n', /integer|whole/i],
  ['cardinality as string', 'cardinality: 1000\n', 'cardinality: lots\n', /number/],
  ['zipf alpha 0', 'alpha: 1.0', 'alpha: 0', /above 0/],
  ['zipf alpha huge', 'alpha: 1.0', 'alpha: 1e300', /above 5/],
  ['unknown policy', 'maxmemoryPolicy: allkeys-lru', 'maxmemoryPolicy: lru', /not a maxmemory-policy/],
  ['bare number size', 'maxmemory: 8mb', 'maxmemory: 8', /add a unit/],
  ['size with bad unit', 'maxmemory: 8mb', 'maxmemory: 8tb', /size/],
  ['percent over 100', 'jitter: 10% }\n    prod', 'jitter: 150% }\n    prod', /over 100%/],
  ['ttl negative', 'ttl: 5m', 'ttl: -5m', /TTL/],
  ['ttl bare -1', 'ttl: 5m', 'ttl: -1', /none/],
  ['readWrite not 100', 'op: mixed', 'op: mixed', /./],
  ['missing environment row', '    dev: { ttl: 30s, jitter: 10% }\n', '', /no TTL for environment "dev"/],
  ['unknown namespace in op', '{ namespace: lists, op: read', '{ namespace: listz, op: read', /no namespace named "listz"/],
  ['unknown invalidation namespace', '{ on: products, action', '{ on: produkts, action', /no namespace named "produkts"/],
  ['unknown field', 'cardinality: 10\n', 'cardinality: 10\n    ttl: 5m\n', /unknown field "ttl"/],
  ['duplicate namespace name', 'name: lists', 'name: products', /defined twice/],
  ['duplicate key', 'version: 1\n', 'version: 1\nversion: 1\n', /unique|duplicate/i],
  ['version 2', 'version: 1\n', 'version: 2\n', /version must be 1/],
  ['name empty', 'name: base', 'name: ""', /name/],
  ['phases empty', "  phases:\n    - { name: steady, shape: steady, rate: 200/s, duration: 5s }\n", '  phases: []\n', /at least one phase/],
  ['operations null', "  operations:\n    - { namespace: products, op: mixed, weight: 0.9 }\n    - { namespace: lists, op: read, weight: 0.1 }\n", '  operations: null\n', /operations/],
  ['weight zero', 'weight: 0.1 }', 'weight: 0 }', /weight|too small|greater/i],
  ['weight .inf', 'weight: 0.1 }', 'weight: .inf }', /weight|finite|number/i],
  ['delete-pattern without target', ', target: "products:list:*" }', ' }', /needs a target pattern/],
  ['unclosed placeholder', 'pattern: "products:{id}"', 'pattern: "products:{id"', /unclosed/],
  ['hz over 500', 'server: { maxmemory: 8mb', 'server: { hz: 100000, maxmemory: 8mb', /500|too big|less than/i],
  ['seed negative', '  phases:', '  seed: -1\n  phases:', /seed|greater|too small/i],
  ['maxmemory-policy typo field', 'maxmemoryPolicy: allkeys-lru', 'maxmemory-policy: allkeys-lru', /did you mean maxmemoryPolicy/],
];

/** Every case of the corpus. */
export function designCases(): DesignCase[] {
  const cases: DesignCase[] = swaps
    .filter(([name]) => name !== 'readWrite not 100')
    .map(([name, from, to, expect]) => ({ name, text: swap(from, to), expect }));
  cases.push(
    { name: 'alias bomb', text: aliasBomb, expect: /aliases here expand to too much data/ },
    { name: 'unresolved alias', text: 'version: 1\nname: *nope\n', expect: /alias \*nope names no anchor/ },
    { name: 'two documents', text: `${BASE}---\n${BASE}`, expect: /holds one YAML document/ },
    { name: 'empty file', text: '', expect: /YAML mapping starting with "version: 1"/ },
    { name: 'a list', text: '- 1\n- 2\n', expect: /YAML mapping/ },
    { name: 'a scalar', text: 'hello\n', expect: /YAML mapping/ },
    { name: 'JSON null', text: 'null\n', expect: /YAML mapping/ },
    { name: 'binary garbage', text: '\u0000\u0001\u0002\u00ff\ufffd{[', expect: /./ },
    { name: 'tab indentation', text: BASE.replace('  - name: products', '\t- name: products'), expect: /./ },
    { name: 'unclosed flow', text: BASE.replace('valueSize: 4kb', 'valueSize: { dist: fixed'), expect: /./ },
    { name: 'readWrite 90/20', text: swap('dataClass: product\n  - name: lists', 'dataClass: product\n    readWrite: 90/20\n  - name: lists'), expect: /must add up to 100/ },
    { name: 'prototype key', text: swap('version: 1\n', 'version: 1\n__proto__: { polluted: true }\n'), expect: /unknown field "__proto__"/ },
    { name: 'constructor key at top', text: swap('version: 1\n', 'version: 1\nconstructor: 1\n'), expect: /unknown field "constructor"/ },
    { name: 'huge anchor reuse', text: swap('version: 1\n', `version: 1\nx: &x "${'y'.repeat(1000)}"\n${Array.from({ length: 120 }, (_, i) => `k${i}: *x`).join('\n')}\n`), expect: /too much data|unknown field/ },
  );
  return cases;
}
