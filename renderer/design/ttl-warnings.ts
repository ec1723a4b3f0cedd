/**
 * Advice on a TTL matrix, cell by cell: what a person would want to be told before running.
 * Works on a validated Design; never blocks anything (the loader is the judge of validity).
 */
import { parseSizeBytes, parseTtlMs } from '../../simulator/model';
import type { Design } from '../../simulator/model';

export interface TtlWarning {
  dataClass: string;
  /** null: about the whole row. */
  environment: string | null;
  severity: 'warning' | 'info';
  message: string;
}

/** A TTL at or above this is "long" for a class that is written often. */
export const LONG_TTL_MS = 5 * 60_000;
/** Share of a namespace's requests that are writes from which it is "write-heavy". */
export const WRITE_HEAVY_SHARE = 0.05;

const INVALIDATING = new Set(['delete', 'write-through', 'write-behind']);

/** Share of each namespace's requests that are writes, from the traffic operations and read/write mixes. */
export function writeShares(design: Design): Map<string, number> {
  const reads = new Map<string, number>();
  const writes = new Map<string, number>();
  const add = (map: Map<string, number>, name: string, weight: number) => map.set(name, (map.get(name) ?? 0) + weight);
  for (const op of design.traffic.operations) {
    if (op.op === 'write') add(writes, op.namespace, op.weight);
    else if (op.op === 'read' || op.op === 'list') add(reads, op.namespace, op.weight);
    else if (op.op === 'mixed') {
      const ns = design.namespaces.find((n) => n.name === op.namespace);
      const [r, w] = (ns?.readWrite ?? '100/0').split('/').map(Number);
      add(reads, op.namespace, (op.weight * r) / 100);
      add(writes, op.namespace, (op.weight * w) / 100);
    }
  }
  const shares = new Map<string, number>();
  for (const ns of design.namespaces) {
    const r = reads.get(ns.name) ?? 0;
    const w = writes.get(ns.name) ?? 0;
    shares.set(ns.name, r + w > 0 ? w / (r + w) : 0);
  }
  return shares;
}

/** A cell's TTL: milliseconds, Infinity for `ttl: none` (no expiry), null when missing or invalid. */
function ttlMs(text: string | undefined): number | null {
  if (!text) return null;
  const parsed = parseTtlMs(text);
  if (!parsed.ok) return null;
  return parsed.value ?? Number.POSITIVE_INFINITY;
}

function label(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return 'ever (no expiry)';
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 1000).toFixed(1)} s`;
}

/**
 * `ttl: none`: keys stay until maxmemory eviction removes them. Said as info when an allkeys-*
 * policy with a limit does that; a warning when nothing will (no limit, noeviction, or a volatile-*
 * policy, which only evicts keys that have a TTL).
 */
function noExpiryWarning(design: Design, dataClass: string, environment: string, names: string[]): TtlWarning {
  const policy = design.server.maxmemoryPolicy;
  const limit = parseSizeBytes(design.server.maxmemory);
  const what = `No expiry in ${environment}: keys of ${names.join(', ')} are SET without EX`;
  if (!limit.ok || limit.value === 0) {
    return { dataClass, environment, severity: 'warning', message: `${what} and maxmemory is 0 (no limit): memory grows with every key ever read. Set maxmemory with an allkeys-lru or allkeys-lfu policy.` };
  }
  if (policy === 'noeviction' || policy.startsWith('volatile-')) {
    return { dataClass, environment, severity: 'warning', message: `${what}, and ${policy} never evicts a key without a TTL: once maxmemory is reached they stay and writes fail with OOM. Use an allkeys-* policy.` };
  }
  return { dataClass, environment, severity: 'info', message: `${what}: only ${policy} eviction at maxmemory ${design.server.maxmemory} removes them, and a value changed at the origin stays stale until a rule invalidates it.` };
}

export function ttlWarnings(design: Design): TtlWarning[] {
  const warnings: TtlWarning[] = [];
  const shares = writeShares(design);
  for (const [dataClass, row] of Object.entries(design.ttlMatrix)) {
    const members = design.namespaces.filter((ns) => ns.dataClass === dataClass);
    if (members.length === 0) {
      warnings.push({ dataClass, environment: null, severity: 'info', message: `No namespace uses the class "${dataClass}".` });
      continue;
    }
    for (const environment of design.environments) {
      const cell = row[environment];
      const ms = ttlMs(cell?.ttl);
      if (!cell || ms === null) continue;
      if (ms === 0) {
        warnings.push({ dataClass, environment, severity: 'info', message: `Not cached in ${environment}: every read of ${members.map((n) => n.name).join(', ')} goes to the origin.` });
        continue;
      }
      if (ms === Number.POSITIVE_INFINITY) {
        warnings.push(noExpiryWarning(design, dataClass, environment, members.map((n) => n.name)));
      }
      for (const ns of members) {
        const share = shares.get(ns.name) ?? 0;
        const invalidated = design.invalidation.some((rule) => rule.on === ns.name && INVALIDATING.has(rule.action));
        if (share >= WRITE_HEAVY_SHARE && ms >= LONG_TTL_MS && !invalidated) {
          warnings.push({
            dataClass, environment, severity: 'warning',
            message: `Long TTL on a write-heavy class → stale reads: ${ns.name} is ${(share * 100).toFixed(0)} % writes and keeps values for ${label(ms)} in ${environment}, with no delete or write-through rule. Add an invalidation rule or shorten the TTL.`,
          });
        }
        if (ns.prewarm && Number.parseFloat(cell.jitter) === 0 && ms !== Number.POSITIVE_INFINITY) {
          warnings.push({
            dataClass, environment, severity: 'warning',
            message: `No jitter on a prewarmed class → thundering herd: every ${ns.name} key is loaded at once and expires at once after ${label(ms)}. Add jitter (10–20 %).`,
          });
        }
      }
      if (Number.parseFloat(cell.jitter) > 50) {
        warnings.push({ dataClass, environment, severity: 'info', message: `Jitter of ${cell.jitter} in ${environment}: some keys will live only a fraction of ${label(ms)}.` });
      }
    }
    const dev = ttlMs(row.dev?.ttl);
    const prod = ttlMs(row.prod?.ttl);
    if (dev !== null && prod !== null && prod > 0 && dev > prod && dev !== Number.POSITIVE_INFINITY) {
      warnings.push({ dataClass, environment: 'prod', severity: 'info', message: `The prod TTL (${label(prod)}) is shorter than dev (${label(dev)}); usually dev is the shortest.` });
    }
  }
  return warnings;
}
