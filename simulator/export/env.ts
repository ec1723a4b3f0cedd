/**
 * The `.env` export: the Redis connection without secrets (the password variable is named and left
 * empty), one TTL variable per namespace with its jitter and data class, the database pool and
 * rate limit, the pub/sub settings when the design has them, and each rate limiter's calls and
 * period. dotenv parses it back to exactly `envEntries(…)`.
 */
import { parseDurationMs, parseRatePerSec, TTL_NONE } from '../model';
import type { ExportFacts } from './facts';
import { must } from './facts';
import { commentHeader } from './header';
import { commentSafe, constName, uniqueNames } from './names';

/** One variable, or a comment line (name null) grouping the variables after it. */
export type EnvLine = { name: string; value: string } | { name: null; comment: string };

/** The variables in file order, comments included. */
export function envLines(facts: ExportFacts): EnvLine[] {
  const { design, connection } = facts;
  const lines: EnvLine[] = [
    { name: null, comment: `Redis connection. The password is read from ${connection.passwordEnv}: your deployment fills it in; it is never exported.` },
    { name: 'KEYSPACE_ENVIRONMENT', value: facts.environment },
    { name: 'REDIS_URL', value: connection.url },
    { name: connection.passwordEnv, value: '' },
    { name: 'REDIS_CLUSTER', value: String(design.server.cluster) },
    { name: null, comment: `TTL per namespace in seconds (0 = never cached${facts.namespaces.some((ns) => ns.ttlMs === null) ? `, ${TTL_NONE} = cached without expiry: SET without EX` : ''}), its jitter (± share of the TTL) and its data class.` },
  ];
  for (const ns of facts.namespaces) {
    lines.push(
      { name: `CACHE_TTL_${ns.env}`, value: ns.ttlMs === null ? TTL_NONE : formatNumber(ns.ttlMs / 1000) },
      { name: `CACHE_TTL_JITTER_${ns.env}`, value: formatNumber(ns.jitterPct / 100) },
      { name: `CACHE_CLASS_${ns.env}`, value: ns.dataClass },
    );
  }
  lines.push(
    { name: null, comment: 'The database behind the cache: connection pool size, rate limit, and whether concurrent misses of one key share one load.' },
    { name: 'ORIGIN_POOL_SIZE', value: String(design.origin.maxConcurrency) },
  );
  if (design.origin.capacity) lines.push({ name: 'ORIGIN_RATE_LIMIT_PER_SEC', value: formatNumber(must(parseRatePerSec(design.origin.capacity))) });
  lines.push({ name: 'CACHE_SINGLE_FLIGHT', value: String(design.client.singleFlight) });
  const pubsub = facts.pubsub;
  if (pubsub) {
    lines.push(
      { name: null, comment: 'Pub/sub: sharded publish (SPUBLISH/SSUBSCRIBE), per-client queue limit and policy, heartbeat interval.' },
      { name: 'PUBSUB_SHARDED', value: String(facts.sharded) },
    );
    if (pubsub.backpressure) {
      lines.push(
        { name: 'PUBSUB_QUEUE_LIMIT', value: String(pubsub.backpressure.queueLimit) },
        { name: 'PUBSUB_BACKPRESSURE_POLICY', value: pubsub.backpressure.policy },
        { name: 'PUBSUB_HEARTBEAT_MS', value: formatNumber(must(parseDurationMs(pubsub.backpressure.heartbeat))) },
      );
    }
  }
  const limits = design.rateLimits ?? [];
  if (limits.length) lines.push({ name: null, comment: 'Rate limiters: requests allowed per period (RATE_LIMIT_CALLS), the period in seconds (RATE_LIMIT_PERIOD) and the algorithm, per limiter.' });
  const limitEnvs = uniqueNames(limits.map((l) => l.name), constName);
  limits.forEach((limiter, i) => lines.push(
    { name: `RATE_LIMIT_CALLS_${limitEnvs[i]}`, value: String(limiter.limit) },
    { name: `RATE_LIMIT_PERIOD_${limitEnvs[i]}`, value: formatNumber(must(parseDurationMs(limiter.period)) / 1000) },
    { name: `RATE_LIMIT_ALGORITHM_${limitEnvs[i]}`, value: limiter.algorithm },
  ));
  return lines;
}

/** The variables as dotenv returns them. */
export function envEntries(facts: ExportFacts): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of envLines(facts)) if (line.name !== null) entries[line.name] = line.value;
  return entries;
}

export function emitEnv(facts: ExportFacts): string {
  const body = envLines(facts).map((line) => (line.name === null ? `\n# ${commentSafe(line.comment)}` : `${line.name}=${envValue(line.value)}`));
  return `${commentHeader(facts.stamp, '#')}\n${body.join('\n')}\n`;
}

/** A value dotenv reads back unchanged: bare when plain, else single-quoted (taken literally). */
export function envValue(value: string): string {
  if (/^[A-Za-z0-9_./:@,+%=-]*$/.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/[\r\n]+/g, ' ').replace(/"/g, "'")}"`;
}

/** Shortest exact decimal: 300, 0.25, 0.1. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}
