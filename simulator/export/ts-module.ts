/**
 * The TypeScript module for ioredis: typed key builders per namespace (hash tags kept), TTL
 * constants with a jitter helper, a cache-aside getOrLoad, one function per invalidation rule, and
 * (from ts-pubsub) channel builders with publish/subscribe helpers. It compiles under
 * `tsc --strict` and needs only ioredis's types (no runtime import).
 */
import type { ExportFacts, RuleFacts } from './facts';
import { commentHeader } from './header';
import { tsTemplate } from './key-template';
import { commentSafe, quote, safeIdentifier } from './names';
import { tsPubsub } from './ts-pubsub';
import { tsRateLimits } from './ts-ratelimit';

export function emitTypeScript(facts: ExportFacts): string {
  const { namespaces, design } = facts;
  const names = namespaces.map((ns) => quote(ns.name)).join(' | ');
  const record = (value: (ns: ExportFacts['namespaces'][number]) => string) =>
    namespaces.map((ns) => `  ${quote(ns.name)}: ${value(ns)},`).join('\n');
  // `ttl: none` (cached without expiry) appears as null; designs without it keep a plain number type.
  const noExpiry = hasNoExpiry(facts);
  const ttlType = noExpiry ? 'number | null' : 'number';
  const parts = [
    commentHeader(facts.stamp, '//'),
    `import type { Cluster, Redis } from 'ioredis';

/** An ioredis connection: a single server (or Sentinel-managed master) or a cluster. */
export type Client = Redis | Cluster;

/** The design this module was generated from. */
export const DESIGN = { name: ${quote(design.name)}, version: ${design.version}, environment: ${quote(facts.environment)}, sha256: ${quote(facts.stamp.hash)} } as const;

/** The design's key namespaces. */
export type Namespace = ${names};

/** TTL per namespace in milliseconds; 0 means never cached (reads go to the database)${noExpiry ? ', null means cached without expiry (SET without PX: only eviction removes the key)' : ''}. */
export const TTL_MS: Readonly<Record<Namespace, ${ttlType}>> = {
${record((ns) => String(ns.ttlMs))}
};

/** TTL jitter per namespace as a share of the TTL: 0.1 spreads expiries over ttl × (1 ± 10 %). */
export const TTL_JITTER: Readonly<Record<Namespace, number>> = {
${record((ns) => String(ns.jitterPct / 100))}
};

/** Concurrent misses of one key in this process share one load (client.singleFlight). */
export const SINGLE_FLIGHT = ${design.client.singleFlight};

/** The TTL to set now: uniform in ttl × (1 ± jitter), whole milliseconds, at least 1 (0 when not cached${noExpiry ? ', null when cached without expiry' : ''}). */
export function ttlWithJitterMs(namespace: Namespace, random: () => number = Math.random): ${ttlType} {
  const ttlMs = TTL_MS[namespace];
  if (${noExpiry ? 'ttlMs === null || ' : ''}ttlMs === 0) return ${noExpiry ? 'ttlMs' : '0'};
  const spreadMs = ttlMs * TTL_JITTER[namespace];
  return Math.max(1, Math.round(ttlMs - spreadMs + 2 * spreadMs * random()));
}

/** Key builders, one per namespace; a {{tag}} placeholder keeps its braces (a cluster hash tag). */
export const keys = {
${namespaces.map((ns) => `  /** ${commentSafe(ns.pattern)} (${commentSafe(ns.name)}) */\n  ${ns.camel}: (${ns.params.map((p) => `${safeIdentifier(p)}: string | number`).join(', ')}): string => ${tsTemplate(ns.pattern, safeIdentifier)},`).join('\n')}
} as const;

export interface GetOrLoadOptions<T> {
  /** Default JSON.stringify. */
  serialize?: (value: T) => string;
  /** Default JSON.parse. */
  deserialize?: (text: string) => T;
  /** Source of the TTL jitter (default Math.random). */
  random?: () => number;
}

const loading = new Map<string, Promise<unknown>>();

/**
 * Cache-aside read: GET the key; on a miss, load from the database and SET it with the
 * namespace's TTL ± jitter${noExpiry ? ' (without PX when the TTL is null: no expiry)' : ''}. A namespace with TTL 0 is never cached: every call loads.
 */
export async function getOrLoad<T>(client: Client, namespace: Namespace, key: string, load: () => Promise<T>, options: GetOrLoadOptions<T> = {}): Promise<T> {
  const ttlMs = ttlWithJitterMs(namespace, options.random);
  if (ttlMs === 0) return load();
  const cached = await client.get(key);
  if (cached !== null) return (options.deserialize ?? ((text: string) => JSON.parse(text) as T))(cached);
  const pending = SINGLE_FLIGHT ? loading.get(key) : undefined;
  if (pending) return pending as Promise<T>;
  const loaded = (async () => {
    const value = await load();
${setWithTtl(noExpiry, '    ', 'key', "(options.serialize ?? ((v: T) => JSON.stringify(v) ?? 'null'))(value)")}
    return value;
  })();
  if (!SINGLE_FLIGHT) return loaded;
  loading.set(key, loaded);
  try {
    return await loaded;
  } finally {
    loading.delete(key);
  }
}

/** Deletes every key matching a glob: SCAN on each master, then UNLINK key by key (cluster-safe). */
export async function unlinkMatching(client: Client, pattern: string): Promise<number> {
  const nodes: Redis[] = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  let removed = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (found.length === 0) continue;
      const pipeline = node.pipeline();
      for (const key of found) pipeline.unlink(key);
      for (const [error, count] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        removed += Number(count);
      }
    } while (cursor !== '0');
  }
  return removed;
}

/** The design's invalidation rules, in order (delayMs is the propagation delay the design models). */
export const INVALIDATION_RULES = [${facts.rules.map((rule) => `\n  { on: ${quote(rule.on.name)}, action: ${quote(rule.action)}, target: ${rule.target === null ? 'null' : quote(rule.target)}, delayMs: ${rule.delayMs} },`).join('')}${facts.rules.length ? '\n' : ''}] as const;`,
    ...facts.rules.map((rule) => ruleFunction(rule, noExpiry)),
    keyEvents(facts),
    tsPubsub(facts),
    tsRateLimits(facts),
  ];
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function hasNoExpiry(facts: ExportFacts): boolean {
  return facts.namespaces.some((ns) => ns.ttlMs === null);
}

/** `await client.set(key, value, 'PX', ttlMs)`, and when a TTL may be null (`ttl: none`) a SET without PX for it. */
function setWithTtl(noExpiry: boolean, indent: string, key: string, value: string): string {
  if (!noExpiry) return `${indent}await client.set(${key}, ${value}, 'PX', ttlMs);`;
  return `${indent}const text = ${value};\n${indent}if (ttlMs === null) await client.set(${key}, text);\n${indent}else await client.set(${key}, text, 'PX', ttlMs);`;
}

function ruleFunction(rule: RuleFacts, noExpiry: boolean): string {
  const ns = rule.on;
  const params = ns.params.map((p) => `${safeIdentifier(p)}: string | number`);
  const args = ns.params.map(safeIdentifier).join(', ');
  const key = `keys.${ns.camel}(${args})`;
  const doc = `/** Rule ${rule.index + 1}: ${commentSafe(rule.summary)}. */`;
  const name = `invalidate${rule.camel.charAt(0).toUpperCase()}${rule.camel.slice(1)}`;
  const sig = (extra: string[]) => [`client: Client`, ...params, ...extra].join(', ');
  switch (rule.action) {
    case 'delete':
      return `${doc}\nexport async function ${name}(${sig([])}): Promise<number> {\n  return client.del(${key});\n}`;
    case 'delete-pattern':
      return `${doc}\nexport async function ${name}(client: Client): Promise<number> {\n  return unlinkMatching(client, ${quote(rule.target ?? '')});\n}`;
    case 'write-through':
      return `${doc}\nexport async function ${name}(${sig(['value: string', 'random?: () => number'])}): Promise<void> {
  const ttlMs = ttlWithJitterMs(${quote(ns.name)}, random);
  if (ttlMs === 0) await client.del(${key});${noExpiry ? `\n  else if (ttlMs === null) await client.set(${key}, value);` : ''}
  else await client.set(${key}, value, 'PX', ttlMs);
}`;
    case 'write-behind':
      return `${doc}\nexport async function ${name}(${sig(['value: string', 'persist: () => Promise<void>', 'random?: () => number'])}): Promise<{ persisted: Promise<void> }> {
  const ttlMs = ttlWithJitterMs(${quote(ns.name)}, random);
  if (ttlMs === 0) await client.del(${key});${noExpiry ? `\n  else if (ttlMs === null) await client.set(${key}, value);` : ''}
  else await client.set(${key}, value, 'PX', ttlMs);
  const persisted = new Promise<void>((resolve) => setTimeout(resolve, ${rule.delayMs})).then(persist);
  return { persisted };
}`;
    case 'ttl-only':
      return `${doc}\nexport async function ${name}(_client: Client): Promise<number> {\n  return 0;\n}`;
  }
}

function keyEvents(facts: ExportFacts): string {
  const flags = facts.keyspaceEvents;
  if (!flags) return '';
  const events = [...(flags.includes('g') ? ['del'] : []), ...(flags.includes('$') ? ['set'] : []), ...(flags.includes('x') ? ['expired'] : []), ...(flags.includes('e') ? ['evicted'] : [])];
  return `/** Keyspace notifications the exported redis.conf enables (notify-keyspace-events). */
export const KEYSPACE_EVENTS = ${quote(flags)};

/**
 * Calls onKey(key, event) when Redis deletes, replaces, expires or evicts a key, so in-process
 * caches can drop their copy. Give it a dedicated connection (it enters subscribe mode); in a
 * cluster, one connection per master (notifications are local to each node).
 */
export async function onInvalidated(subscriber: Redis, onKey: (key: string, event: string) => void): Promise<() => Promise<void>> {
  const patterns = [${events.map((e) => quote(`__keyevent@*__:${e}`)).join(', ')}];
  const listener = (_pattern: string, channel: string, key: string): void => onKey(key, channel.slice(channel.lastIndexOf(':') + 1));
  subscriber.on('pmessage', listener);
  await subscriber.psubscribe(...patterns);
  return async () => {
    await subscriber.punsubscribe(...patterns);
    subscriber.off('pmessage', listener);
  };
}`;
}
