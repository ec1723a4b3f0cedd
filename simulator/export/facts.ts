/**
 * What every emitter needs, resolved once for one environment: TTLs and jitter per namespace
 * (through compilePlan, so exports and runs agree), key builder parameters, invalidation rules with
 * their generated function names, redis.conf settings, channels, and the connection without secrets.
 */
import { profileOf } from '../cache/profiles';
import type { Design, InvalidationRuleSpec, PubsubSpec } from '../model';
import { parseDurationMs, parseRatePerSec, parseSizeBytes, placeholders } from '../model';
import { compilePlan } from '../run';
import type { DesignStamp } from './header';
import { designStamp } from './header';
import { camelName, constName, snakeName, uniqueNames } from './names';
import type { ConnectionSpec, ExportOptions } from './types';
import { persistenceSettings } from './persistence-conf';

export interface NamespaceFacts {
  name: string;
  pattern: string;
  dataClass: string;
  /** TTL before jitter; 0 = not cached (`ttl: 0s`), null = cached without expiry (`ttl: none`: SET without EX). */
  ttlMs: number | null;
  jitterPct: number;
  /** False for TTL 0 ("do not cache"); true for `none`. */
  cacheable: boolean;
  /** Distinct placeholder names, in order of first appearance. */
  params: string[];
  hashTag: boolean;
  env: string;
  camel: string;
  snake: string;
}

export interface RuleFacts {
  index: number;
  on: NamespaceFacts;
  action: InvalidationRuleSpec['action'];
  target: string | null;
  delayMs: number;
  camel: string;
  snake: string;
  /** The rule in plain words. */
  summary: string;
}

export interface ChannelFacts {
  name: string;
  pattern: string;
  count: number;
  className: string;
  delivery: 'pubsub' | 'streams';
  params: string[];
  publishRatePerSec: number;
  camel: string;
  snake: string;
}

/** One redis.conf directive: `name value`, the value exactly as CONFIG GET returns it. */
export interface ConfSetting {
  name: string;
  value: string;
  comment: string;
}

export interface ExportFacts {
  design: Design;
  environment: string;
  stamp: DesignStamp;
  namespaces: NamespaceFacts[];
  rules: RuleFacts[];
  conf: ConfSetting[];
  /** Keyspace notification flags the generated invalidation listeners rely on, or null. */
  keyspaceEvents: string | null;
  channels: ChannelFacts[];
  pubsub: PubsubSpec | undefined;
  sharded: boolean;
  connection: { url: string; passwordEnv: string; named: boolean };
  /** Things the export changed or left out, for the CLI to print. */
  warnings: string[];
}

export function exportFacts(design: Design, options: ExportOptions): ExportFacts {
  const plan = compilePlan(design, { environment: options.environment });
  const warnings: string[] = [];
  const envNames = uniqueNames(design.namespaces.map((ns) => ns.name), constName);
  const camels = uniqueNames(design.namespaces.map((ns) => ns.name), camelName);
  const snakes = uniqueNames(design.namespaces.map((ns) => ns.name), snakeName);
  const namespaces = plan.namespaces.map((ns, i): NamespaceFacts => ({
    name: ns.name, pattern: ns.pattern, dataClass: ns.dataClass, ttlMs: ns.ttlMs, jitterPct: ns.jitterPct,
    cacheable: ns.cacheable, params: [...new Set(placeholders(ns.pattern))], hashTag: /\{\{/.test(ns.pattern),
    env: envNames[i], camel: camels[i], snake: snakes[i],
  }));
  const byName = new Map(namespaces.map((ns) => [ns.name, ns]));
  const ruleBase = design.invalidation.map((rule) => `${rule.on}-${rule.action}`);
  const ruleCamels = uniqueNames(ruleBase, camelName);
  const ruleSnakes = uniqueNames(ruleBase, snakeName);
  const rules = design.invalidation.map((rule, index): RuleFacts => {
    const on = byName.get(rule.on) ?? namespaces[0];
    const delayMs = must(parseDurationMs(rule.delay));
    return {
      index, on, action: rule.action, target: rule.target ?? null, delayMs,
      camel: ruleCamels[index], snake: ruleSnakes[index], summary: ruleSummary(rule, delayMs),
    };
  });
  const pubsub = design.pubsub;
  const channelCamels = uniqueNames((pubsub?.channels ?? []).map((c) => c.name), camelName);
  const channelSnakes = uniqueNames((pubsub?.channels ?? []).map((c) => c.name), snakeName);
  const channels = (pubsub?.channels ?? []).map((group, i): ChannelFacts => ({
    name: group.name, pattern: group.pattern, count: group.count, className: group.class,
    delivery: pubsub?.classes.find((c) => c.name === group.class)?.delivery ?? 'pubsub',
    params: [...new Set(placeholders(group.pattern))], publishRatePerSec: must(parseRatePerSec(group.publishRate)),
    camel: channelCamels[i], snake: channelSnakes[i],
  }));
  const keyspaceEvents = keyspaceEventFlags(design);
  return {
    design, environment: plan.environment, stamp: designStamp(design, plan.environment, options.designFile),
    namespaces, rules, conf: confSettings(design, plan.server, pubsub, keyspaceEvents, warnings), keyspaceEvents,
    channels, pubsub, sharded: pubsub?.topology.publish === 'sharded',
    connection: connectionOf(design, options.connection, warnings), warnings,
  };
}

function ruleSummary(rule: InvalidationRuleSpec, delayMs: number): string {
  const after = delayMs > 0 ? ` after ${rule.delay}` : '';
  switch (rule.action) {
    case 'delete': return `a write to ${rule.on} deletes its key${after}`;
    case 'delete-pattern': return `a write to ${rule.on} deletes every key matching ${rule.target ?? '?'} (SCAN + UNLINK)${after}`;
    case 'write-through': return `a write to ${rule.on} sets the new value in the cache${after}`;
    case 'write-behind': return `a write to ${rule.on} sets the cache now and persists to the database ${delayMs > 0 ? `${rule.delay} later` : 'afterwards'}`;
    case 'ttl-only': return `a write to ${rule.on} leaves the cache alone: ${rule.target ? `${rule.on} and ${rule.target} stay` : 'the key stays'} stale until the TTL expires`;
  }
}

/**
 * The generated modules offer a listener for in-process caches that drops local copies when Redis
 * reports a key gone or replaced; that listener relies on keyspace notifications: `g` for
 * DEL/UNLINK, `$` for SET (write-through/behind), `x` expiry, `e` eviction, `E` keyevent channels.
 * The flags are in the order CONFIG GET prints them.
 */
function keyspaceEventFlags(design: Design): string | null {
  if (design.invalidation.length === 0) return null;
  const actions = new Set(design.invalidation.map((rule) => rule.action));
  let flags = '';
  if (actions.has('delete') || actions.has('delete-pattern')) flags += 'g';
  if (actions.has('write-through') || actions.has('write-behind')) flags += '$';
  flags += 'x';
  const evicts = must(parseSizeBytes(design.server.maxmemory)) > 0 && design.server.maxmemoryPolicy !== 'noeviction';
  if (evicts) flags += 'e';
  return `${flags}E`;
}

function confSettings(
  design: Design, server: ReturnType<typeof compilePlan>['server'], pubsub: PubsubSpec | undefined,
  keyspaceEvents: string | null, warnings: string[],
): ConfSetting[] {
  const spec = design.server;
  let policy: string = server.policy;
  let policyComment = 'what Redis evicts when maxmemory is reached';
  if (policy === 'exact-lru') {
    policy = 'allkeys-lru';
    policyComment = 'the design uses exact-lru, a reference no Redis implements; allkeys-lru is its closest real policy';
    warnings.push('server.maxmemoryPolicy exact-lru is exported as allkeys-lru (no Redis implements exact LRU)');
  }
  const decayMs = must(parseDurationMs(spec.lfuDecayTime));
  const settings: ConfSetting[] = [
    { name: 'maxmemory', value: String(server.maxmemoryBytes), comment: `${spec.maxmemory}${server.maxmemoryBytes === 0 ? ' (no limit)' : ''}` },
    { name: 'maxmemory-policy', value: policy, comment: policyComment },
    { name: 'maxmemory-samples', value: String(server.maxmemorySamples), comment: 'keys sampled per eviction' },
    { name: 'lfu-log-factor', value: String(server.lfuLogFactor), comment: 'LFU counter logarithm factor' },
    { name: 'lfu-decay-time', value: String(server.lfuDecayTimeMin), comment: `minutes (${spec.lfuDecayTime}${decayMs % 60_000 === 0 ? '' : ', rounded to whole minutes'})` },
    { name: 'hz', value: String(server.hz), comment: 'background task frequency (active expiry runs at this rate)' },
    { name: 'active-expire-effort', value: String(server.activeExpireEffort), comment: 'active expiry effort, 1 to 10' },
  ];
  if (pubsub) {
    const limit = pubsub.topology.outputBufferLimit;
    const seconds = Math.round(must(parseDurationMs(limit.softFor)) / 1000);
    settings.push({
      name: 'client-output-buffer-limit',
      value: `pubsub ${must(parseSizeBytes(limit.hard))} ${must(parseSizeBytes(limit.soft))} ${seconds}`,
      comment: `pub/sub subscribers: hard ${limit.hard}, soft ${limit.soft} for ${limit.softFor}`,
    });
  }
  settings.push(...persistenceSettings(design));
  if (keyspaceEvents) {
    settings.push({ name: 'notify-keyspace-events', value: keyspaceEvents, comment: 'keyevent notifications for the generated invalidation listeners (onInvalidated / invalidation_events)' });
  }
  // Only what the design's server version knows (its profile's configSettings).
  const profile = profileOf(spec.version);
  const known = settings.filter((setting) => profile.configSettings.includes(setting.name));
  for (const setting of settings) {
    if (!known.includes(setting)) warnings.push(`${setting.name} is left out of the export: ${profile.id} has no such setting`);
  }
  return known;
}

/**
 * The connection comes from the export options (CLI --url / --password-env, the app's Export view);
 * a `connection:` on the design object is honoured too, ready for when the design file gets one.
 */
function connectionOf(design: Design, option: ConnectionSpec | undefined, warnings: string[]): ExportFacts['connection'] {
  const fromDesign = (design as Design & { connection?: ConnectionSpec }).connection;
  const spec: ConnectionSpec = { ...fromDesign, ...option };
  const parsed = spec.url ? redactConnectionUrl(spec.url) : undefined;
  if (parsed?.hadSecret) warnings.push('the connection URL carried a password; it is left out of every export (set it through the password variable)');
  const passwordEnv = spec.passwordEnv ?? parsed?.passwordEnv ?? 'REDIS_PASSWORD';
  const fallback = design.server.cluster ? 'redis://localhost:6379' : 'redis://localhost:6379/0';
  return { url: parsed?.url ?? fallback, passwordEnv, named: Boolean(spec.url) };
}

/** A connection URL without its password or query secrets; `passwordEnv` in the query is kept as a name. */
export function redactConnectionUrl(url: string): { url: string; passwordEnv?: string; hadSecret: boolean } {
  const match = /^([a-z][a-z0-9+-]*:\/\/)(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(url.trim());
  if (!match) return { url: 'redis://localhost:6379/0', hadSecret: /@/.test(url) };
  const [, scheme, user, password, hosts, path, query] = match;
  let passwordEnv: string | undefined;
  let hadSecret = password !== undefined && password !== '';
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const [name, value = ''] = pair.split('=');
    if (name === 'passwordEnv' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) passwordEnv = value;
    else if (/pass|secret|token|key|auth/i.test(name)) hadSecret = true;
  }
  const userPart = user ? `${user}@` : '';
  return { url: `${scheme}${userPart}${hosts}${path}`, ...(passwordEnv ? { passwordEnv } : {}), hadSecret };
}

export function must(parsed: { ok: true; value: number } | { ok: false; error: string }): number {
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}
