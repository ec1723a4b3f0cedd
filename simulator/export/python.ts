/**
 * The Python module for redis-py: the TypeScript module's API in Python — key builders, TTL
 * constants with a jitter helper, cache-aside get_or_load, one function per invalidation rule,
 * the keyspace-event listener, and (from py-pubsub) channel builders with publish/subscribe.
 * Works with redis-py 4.3 (Debian 12's python3-redis) and later.
 */
import type { ExportFacts, RuleFacts } from './facts';
import { headerLines } from './header';
import { pyFString } from './key-template';
import { quote } from './names';
import { pyPubsub } from './py-pubsub';
import { pyRateLimits } from './py-ratelimit';
import { PY_NEXT_MESSAGE, pyDoc, pyNumber, pyParams } from './py-text';

export function emitPython(facts: ExportFacts): string {
  const { namespaces, design } = facts;
  const header = headerLines(facts.stamp).map((line) => `# ${line}`).join('\n');
  const dict = (value: (ns: ExportFacts['namespaces'][number]) => string) =>
    namespaces.map((ns) => `    ${quote(ns.name)}: ${value(ns)},`).join('\n');
  // `ttl: none` (cached without expiry) appears as None: redis-py's set(…, px=None) sends no PX.
  // Designs without it keep plain int annotations.
  const noExpiry = namespaces.some((ns) => ns.ttlMs === null);
  const ttlType = noExpiry ? 'Optional[int]' : 'int';
  const builders = namespaces.map((ns) => {
    const names = pyParams(ns.params);
    const args = ns.params.map((p) => `${names.get(p)}: Union[str, int]`).join(', ');
    return `    @staticmethod\n    def ${ns.snake}(${args}) -> str:\n        """${pyDoc(`${ns.pattern} (${ns.name})`)}"""\n        return ${pyFString(ns.pattern, (p) => names.get(p) ?? p)}`;
  });
  const parts = [
    `${header}
"""Cache helpers for design ${pyDoc(design.name)} (environment ${pyDoc(facts.environment)}), for redis-py."""
from __future__ import annotations

import json
import math
import random as _random
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union

import redis

T = TypeVar("T")

DESIGN: Dict[str, Any] = {"name": ${quote(design.name)}, "version": ${design.version}, "environment": ${quote(facts.environment)}, "sha256": ${quote(facts.stamp.hash)}}

# TTL per namespace in milliseconds; 0 means never cached (reads go to the database)${noExpiry ? ',\n# None means cached without expiry (SET without PX: only eviction removes the key)' : ''}.
TTL_MS: Dict[str, ${ttlType}] = {
${dict((ns) => (ns.ttlMs === null ? 'None' : String(ns.ttlMs)))}
}

# TTL jitter per namespace as a share of the TTL: 0.1 spreads expiries over ttl * (1 +/- 10 %).
TTL_JITTER: Dict[str, float] = {
${dict((ns) => pyNumber(ns.jitterPct / 100))}
}

# Concurrent misses of one key in this process share one load (client.singleFlight).
SINGLE_FLIGHT = ${design.client.singleFlight ? 'True' : 'False'}


def ttl_with_jitter_ms(namespace: str, rng: Callable[[], float] = _random.random) -> ${ttlType}:
    """The TTL to set now: uniform in ttl * (1 +/- jitter), whole milliseconds, at least 1 (0 when not cached${noExpiry ? ', None without expiry' : ''})."""
    ttl_ms = TTL_MS[namespace]
    if ${noExpiry ? 'ttl_ms is None or ' : ''}ttl_ms == 0:
        return ${noExpiry ? 'ttl_ms' : '0'}
    spread_ms = ttl_ms * TTL_JITTER[namespace]
    return max(1, int(math.floor(ttl_ms - spread_ms + 2 * spread_ms * rng() + 0.5)))


class keys:
    """Key builders, one per namespace; a {{tag}} placeholder keeps its braces (a cluster hash tag)."""

${builders.join('\n\n')}


_locks: Dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _load_and_set(client: Any, key: str, ttl_ms: ${ttlType}, load: Callable[[], T], serialize: Callable[[T], str]) -> T:
    value = load()
    client.set(key, serialize(value), px=ttl_ms)
    return value


def get_or_load(
    client: Any, namespace: str, key: str, load: Callable[[], T],
    serialize: Callable[[Any], str] = json.dumps, deserialize: Callable[[Any], Any] = json.loads,
    rng: Callable[[], float] = _random.random,
) -> T:
    """Cache-aside read: GET; on a miss, load and SET with the namespace's TTL +/- jitter. TTL 0: never cached.${noExpiry ? ' TTL None: SET without expiry.' : ''}"""
    ttl_ms = ttl_with_jitter_ms(namespace, rng)
    if ttl_ms == 0:
        return load()
    cached = client.get(key)
    if cached is not None:
        return deserialize(cached)
    if not SINGLE_FLIGHT:
        return _load_and_set(client, key, ttl_ms, load, serialize)
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        cached = client.get(key)
        if cached is not None:
            return deserialize(cached)
        return _load_and_set(client, key, ttl_ms, load, serialize)


def unlink_matching(client: Any, pattern: str) -> int:
    """Deletes every key matching a glob: SCAN (every primary of a cluster), then UNLINK key by key."""
    removed = 0
    for key in client.scan_iter(match=pattern, count=500):
        removed += int(client.unlink(key))
    return removed


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


# The design's invalidation rules, in order (delay_ms is the propagation delay the design models).
INVALIDATION_RULES = [${facts.rules.map((r) => `\n    {"on": ${quote(r.on.name)}, "action": ${quote(r.action)}, "target": ${r.target === null ? 'None' : quote(r.target)}, "delay_ms": ${r.delayMs}},`).join('')}${facts.rules.length ? '\n' : ''}]`,
    ...facts.rules.map(ruleFunction),
    keyEvents(facts),
    pyPubsub(facts),
    pyRateLimits(facts),
  ];
  return `${parts.filter(Boolean).join('\n\n\n')}\n`;
}

function ruleFunction(rule: RuleFacts): string {
  const ns = rule.on;
  const names = pyParams(ns.params);
  const params = ns.params.map((p) => `${names.get(p)}: Union[str, int]`);
  const key = `keys.${ns.snake}(${ns.params.map((p) => names.get(p)).join(', ')})`;
  const doc = `    """Rule ${rule.index + 1}: ${pyDoc(rule.summary)}."""`;
  const name = `invalidate_${rule.snake}`;
  const sig = (extra: string[]) => ['client: Any', ...params, ...extra].join(', ');
  const setOrDelete = `    ttl_ms = ttl_with_jitter_ms(${quote(ns.name)}, rng)\n    if ttl_ms == 0:\n        client.delete(${key})\n    else:\n        client.set(${key}, value, px=ttl_ms)`;
  switch (rule.action) {
    case 'delete':
      return `def ${name}(${sig([])}) -> int:\n${doc}\n    return int(client.delete(${key}))`;
    case 'delete-pattern':
      return `def ${name}(client: Any) -> int:\n${doc}\n    return unlink_matching(client, ${quote(rule.target ?? '')})`;
    case 'write-through':
      return `def ${name}(${sig(['value: str', 'rng: Callable[[], float] = _random.random'])}) -> None:\n${doc}\n${setOrDelete}`;
    case 'write-behind':
      return `def ${name}(${sig(['value: str', 'persist: Callable[[], None]', 'rng: Callable[[], float] = _random.random'])}) -> threading.Timer:\n${doc}\n${setOrDelete}
    timer = threading.Timer(${pyNumber(rule.delayMs / 1000)}, persist)
    timer.daemon = True
    timer.start()
    return timer`;
    case 'ttl-only':
      return `def ${name}(client: Any) -> int:\n${doc}\n    return 0`;
  }
}

function keyEvents(facts: ExportFacts): string {
  const flags = facts.keyspaceEvents;
  if (!flags) return '';
  const events = [...(flags.includes('g') ? ['del'] : []), ...(flags.includes('$') ? ['set'] : []), ...(flags.includes('x') ? ['expired'] : []), ...(flags.includes('e') ? ['evicted'] : [])];
  return `# Keyspace notifications the exported redis.conf enables (notify-keyspace-events).
KEYSPACE_EVENTS = ${quote(flags)}


def invalidation_events(client: Any) -> Any:
    """A PubSub receiving a message when Redis deletes, replaces, expires or evicts a key (read it with next_invalidation)."""
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.psubscribe(${events.map((e) => quote(`__keyevent@*__:${e}`)).join(', ')})
    return pubsub


${PY_NEXT_MESSAGE}


def next_invalidation(pubsub: Any, timeout: float = 1.0) -> Optional[Tuple[str, str]]:
    """The next invalidated key as (key, event), event being del, set, expired or evicted; None after timeout."""
    message = next_message(pubsub, timeout)
    if message is None:
        return None
    channel, key = message
    return key, channel[channel.rfind(":") + 1:]`;
}
