/**
 * `keyspace <command> --help`: the command's usage, every option it takes with what it does and
 * its default, and an example. Descriptions are kept per option name (they mean the same in every
 * command); a test checks that every option of every command has one.
 */
import type { FlagSpec } from './args';

/** Option → [value placeholder, what it does (default)]. */
export const OPTION_HELP: Readonly<Record<string, readonly [string, string]>> = {
  env: ['<name>', "environment of the TTL matrix (default: the design's defaultEnvironment)"],
  seed: ['<n>', "seed of the traffic generator, 0 to 2^32−1 (default: traffic.seed)"],
  requests: ['<n>', 'request budget: cut the plan short or continue its last phase (default: the phases)'],
  json: ['<out.json>', 'also write the result as JSON (checked before the run, written atomically)'],
  assert: ['<metric><op><value>', 'a threshold to check, e.g. "hitRatio>=0.7", "p95<=50ms" (repeatable)'],
  set: ['<path>=<value>', 'override a design field, e.g. server.maxmemory=64mb (repeatable)'],
  vary: ['<path>=<a>,<b>…', 'run one variant per value and compare them'],
  jobs: ['<n>', 'simulated variants on this many worker threads at once, same output (default: one per core; 1 = one after the other)'],
  trace: ['<keys.txt>', 'replay a key trace (one key, or key,valueBytes, per line) instead of generated traffic'],
  quiet: ['', 'no progress bar'],
  'ignore-targets': ['', "don't check the design's targets"],
  engine: ['sim|live', 'the embedded simulator (default) or a real Redis'],
  managed: ['', 'live: a redis-server started for the run and stopped after it (the default live target)'],
  'managed-cluster': ['<shards>', 'live: a managed local cluster of that many masters (1–16)'],
  redis: ['<url>', 'a server: redis://host:port/db, rediss://…, unix:///path, redis-sentinel://h:p/master, cluster://h:p,h:p'],
  'allow-nonempty': ['', 'live: accept a database that already holds keys (the run still touches only its own prefix)'],
  'allow-eviction-risk': ['', 'live: run even where the server could evict keys of others (it still stops at the first such eviction)'],
  speed: ['1x|10x|auto|max', 'live pace: as written (1x, default), every time in the plan ÷ N, about 20 s (auto, not for replay), or as fast as TTLs allow (max)'],
  'redis-server': ['<path>', 'the redis-server binary for managed servers (default: KEYSPACE_REDIS_SERVER, then PATH)'],
  'password-env': ['<NAME>', "the environment variable holding the server's password (allows that variable)"],
  container: ['', 'live: a container of --image with the design settings, removed afterwards (needs a Docker engine)'],
  image: ['<name>', 'live --container: the image, run as the official one is: IMAGE redis-server --option value (default redis:7)'],
  'max-requests': ['<n>', 'refuse runs issuing more requests than this (default 1e9)'],
  'max-memory': ['<size>', 'refuse runs whose simulation needs more memory than this (default 2gb)'],
  to: ['<fmt,…>', 'export formats: env, conf, compose, ts, python, alerts, report (default: all; repeatable)'],
  out: ['<path>', 'where to write (checked before any work; a file is written atomically)'],
  check: ['', "don't write: exit 1 if the files on disk differ from what would be exported (for CI)"],
  run: ['', 'export: run the design and put its results in the report'],
  curve: ['', "export: put the design's miss-ratio curve (the app's: its policy, TTLs, invalidation; exact LRU dashed) in the report, its runs marked"],
  result: ['<result.json>', "export: put this run's results in the report (repeatable)"],
  fidelity: ['<fidelity.json>', 'export: add a fidelity comparison (keyspace fidelity --json) to the report'],
  url: ['<url>', 'export: the Redis URL written into the generated config and code'],
  format: ['monitor|twitter|csv|jsonl', "the trace's format (default: detected from its first lines)"],
  map: ['ts=…,key=…,op=…', 'CSV: which column holds each field'],
  'time-unit': ['s|ms|us', 'CSV: the unit of the time column (default: detected)'],
  'ttl-unit': ['s|ms', 'CSV: the unit of the TTL column (default s)'],
  delimiter: ['<char>', 'CSV: the column separator (default: detected)'],
  'max-malformed': ['<share>', 'refuse a trace with more malformed lines than this (default 10%)'],
  maxmemory: ['<size>', 'the server maxmemory of the inferred design (default: from the trace)'],
  policy: ['<policy>', 'the eviction policy of the inferred design (default allkeys-lru)'],
  'max-namespaces': ['<n>', 'infer: at most this many namespaces (default 20)'],
  design: ['<design.yaml>', "the design whose namespaces name the trace's keys (default: inferred from the trace)"],
  'cache-aside': ['', 'replay: fill every miss as the application would (SET after the origin delay)'],
  salt: ['<secret>', 'anonymize: the HMAC key (default: random; KEYSPACE_ANONYMIZE_SALT)'],
  strict: ['', 'anonymize: hash every key segment, not only identifiers'],
  'keep-time': ['', 'anonymize: keep absolute timestamps (default: from 0)'],
  duration: ['<duration>', 'capture: how long to record, e.g. 60s, 5m'],
  'max-size': ['<size>', 'capture: stop when the file reaches this size (default 1gb)'],
  from: ['env|conf', 'import: the kind of file to read'],
  into: ['<design.yaml>', 'import: merge into this design instead of printing the fragment'],
  shards: ['<n>', 'the number of cluster masters'],
  points: ['<n>', 'mrc: points on the curve (default 20)'],
  sweep: ['<n>', 'mrc: points checked by full simulations of the real policy (default 0)'],
  'sample-rate': ['<0..1>', 'mrc: share of keys sampled (default adaptive: ~80 000 keys)'],
  target: ['<ratio>', 'mrc: a hit ratio to size for, e.g. 0.85 or 85% (repeatable; default 80/90/95 %)'],
  scale: ['auto|<n>', 'fidelity: time scale of the plan (default auto)'],
  static: ['', "diff: compare the files only, don't run them"],
};

/** Example per command. */
export const EXAMPLES: Readonly<Record<string, string>> = {
  validate: 'keyspace validate presets/*.yaml',
  run: 'keyspace run presets/ecommerce-catalog.yaml --assert "hitRatio>=0.7" --json result.json',
  fidelity: 'keyspace fidelity presets/eviction-shootout.yaml --json fidelity.json',
  compare: 'keyspace compare presets/thundering-herd.yaml presets/thundering-herd-jitter.yaml',
  mrc: 'keyspace mrc presets/eviction-shootout.yaml --json curve.json',
  export: 'keyspace export presets/ecommerce-catalog.yaml --env prod --to env,conf,ts --out export/',
  diff: 'keyspace diff before.yaml after.yaml',
  import: 'keyspace import --from conf /etc/redis/redis.conf --into design.yaml',
  capture: 'keyspace capture --redis redis://127.0.0.1:6379 --duration 60s --out traffic.monitor',
  anonymize: 'keyspace anonymize traffic.monitor --out traffic.jsonl --salt "$SECRET"',
  infer: 'keyspace infer traffic.jsonl --out inferred.yaml --maxmemory 256mb',
  replay: 'keyspace replay traffic.monitor --design inferred.yaml --engine live --speed 10x',
  slots: 'keyspace slots "orders:{42}" room:7 --shards 3',
  cleanup: 'keyspace cleanup --redis redis://dev-redis:6379/3 --password-env REDIS_PASSWORD',
};

/** The help text of one command. */
export function commandHelp(name: string, summary: string, specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([option, spec]) => {
    const [placeholder, text] = OPTION_HELP[option] ?? ['', ''];
    const left = `  --${option}${spec.value ? ` ${placeholder || '<value>'}` : ''}`;
    return `${left.padEnd(34)}  ${text}${spec.repeatable && !text.includes('repeatable') ? ' (repeatable)' : ''}`;
  });
  const [usage, ...what] = summary.trim().split(/\s{2,}/);
  return [
    `usage: keyspace ${usage}`,
    ...(what.length > 0 ? ['', what.join(' ')] : []),
    '',
    rows.length > 0 ? 'options:' : 'options: none',
    ...rows,
    `${'  --help, -h'.padEnd(34)}  this help`,
    '',
    `example: ${EXAMPLES[name] ?? `keyspace ${name}`}`,
  ].join('\n');
}
