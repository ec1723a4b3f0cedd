/**
 * The Python module for redis-py, consumed for real: python3 compiles it, then imports it and runs
 * it against a real redis-server with Debian's python3-redis.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedRedis } from '../redis';
import { listChildProcesses, startManagedRedis, WATCHDOG_NAME } from '../redis';
import { exportDesign, exportFacts } from '../../export';
import { designFrom, FIXTURE_WITH_RATE_LIMITS, FIXTURE_WITHOUT_PUBSUB, FIXTURE_WITHOUT_RULES, FIXTURE_YAML, fixtureDesign } from '../../export/testing';

/** Debian's interpreter, where python3-redis lives (a pyenv python3 on PATH may lack it). */
const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'keyspace-py-'));
let server: ManagedRedis;

beforeAll(async () => {
  const facts = exportFacts(fixtureDesign(), { environment: 'prod' });
  server = await startManagedRedis({ settings: Object.fromEntries(facts.conf.filter((s) => s.name !== 'client-output-buffer-limit').map((s) => [s.name, s.value])) });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
  const left = listChildProcesses(process.pid).filter((row) => (row.args.includes('redis-server') || row.args.includes(WATCHDOG_NAME)) && row.state[0] !== 'Z');
  expect(left).toEqual([]);
});

const DRIVER = `
import json, sys, time
import redis
import keyspace_cache as cache

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), decode_responses=True)
r.flushdb()
out = {"redis_py": redis.__version__}
out["keys"] = [cache.keys.products(42), cache.keys.room_members("r7"), cache.keys.profiles(9), cache.channels.room_events(7), cache.channels.alerts("eu")]

loads = []
def load():
    loads.append(1)
    return {"id": 1, "title": "lamp"}
first = cache.get_or_load(r, "products", cache.keys.products(1), load)
second = cache.get_or_load(r, "products", cache.keys.products(1), load)
out["cache_aside"] = {"loads": len(loads), "same": first == second, "pttl": r.pttl(cache.keys.products(1))}
order_loads = []
for _ in range(2):
    cache.get_or_load(r, "orders", cache.keys.orders(5), lambda: order_loads.append(1) or len(order_loads))
out["uncached"] = {"loads": len(order_loads), "exists": r.exists(cache.keys.orders(5))}
session_loads = []
for _ in range(2):
    cache.get_or_load(r, "sessions", cache.keys.sessions(8), lambda: session_loads.append(1) or len(session_loads))
out["no_expiry"] = {"loads": len(session_loads), "pttl": r.pttl(cache.keys.sessions(8)), "ttl_ms": cache.TTL_MS["sessions"], "drawn": cache.ttl_with_jitter_ms("sessions")}
jitters = [cache.ttl_with_jitter_ms("geo") for _ in range(2000)]
out["jitter"] = {"min": min(jitters), "max": max(jitters)}

events = cache.invalidation_events(r)
time.sleep(0.1)
r.set(cache.keys.products(5), "v")
for page in (1, 2, 3):
    r.set(cache.keys.listings(page), "page")
r.set(cache.keys.products(6), "other")
out["delete"] = cache.invalidate_products_delete(r, 5)
out["delete_pattern"] = cache.invalidate_products_delete_pattern(r)
out["after_delete"] = {"product5": r.exists(cache.keys.products(5)), "product6": r.exists(cache.keys.products(6)), "lists": len(r.keys("products:list:*"))}
cache.invalidate_profiles_write_through(r, 9, "fresh")
out["write_through"] = {"value": r.get(cache.keys.profiles(9)), "pttl": r.pttl(cache.keys.profiles(9))}
persisted = []
started = time.monotonic()
timer = cache.invalidate_drafts_write_behind(r, 3, "draft", lambda: persisted.append(time.monotonic() - started))
out["write_behind"] = {"value_now": r.get(cache.keys.drafts(3)), "persisted_yet": len(persisted) > 0, "pttl": r.pttl(cache.keys.drafts(3))}
timer.join(2)
out["write_behind"]["persisted_after_ms"] = persisted[0] * 1000 if persisted else -1
r.set(cache.keys.geo(4), "old")
out["ttl_only"] = {"returned": cache.invalidate_geo_ttl_only(r), "still_there": r.get(cache.keys.geo(4))}
r.set(cache.keys.sessions(9), "old", px=60000)
cache.invalidate_sessions_write_through(r, 9, "fresh")
out["no_expiry_write_through"] = {"value": r.get(cache.keys.sessions(9)), "pttl": r.pttl(cache.keys.sessions(9))}
r.set(cache.keys.room_members("r7"), "members")
out["room_delete"] = cache.invalidate_room_members_delete(r, "r7")
seen = []
while True:
    item = cache.next_invalidation(events, timeout=0.5)
    if item is None:
        break
    seen.append(item[0] + " " + item[1])
out["events"] = seen

subscriber = cache.subscribe(r, [cache.channels.room_events(7)])
time.sleep(0.1)
out["published"] = cache.publish(r, cache.channels.room_events(7), "hello")
out["received"] = cache.next_message(subscriber, timeout=2)
out["numsub"] = r.execute_command("PUBSUB", "SHARDNUMSUB", cache.channels.room_events(7))
cache.append_to_stream(r, cache.channels.alerts("eu"), "evacuate")
stream = []
out["stream_handled"] = cache.read_stream(r, cache.channels.alerts("eu"), "workers", "w1", lambda entry_id, message: stream.append(message), block_ms=100)
out["stream"] = stream
out["pending"] = r.xpending(cache.channels.alerts("eu"), "workers")["pending"]
out["rules"] = [rule["action"] for rule in cache.INVALIDATION_RULES]
print(json.dumps(out))
`;

describe('Python module for redis-py', () => {
  it('compiles with python3 for every variant of the design', () => {
    const variants = [
      FIXTURE_YAML,
      FIXTURE_WITHOUT_PUBSUB,
      FIXTURE_WITHOUT_RULES.replace('publish: sharded', 'publish: classic'),
      // No ttl: none anywhere: TTLs annotated as plain ints.
      FIXTURE_YAML.replace('prod: { ttl: none }', 'prod: { ttl: 1h }'),
      // Rate limiters: fixed window (first-request and aligned) and sliding log.
      FIXTURE_WITH_RATE_LIMITS,
    ];
    variants.forEach((text, i) => {
      const file = join(dir, `variant_${i}.py`);
      writeFileSync(file, exportDesign(designFrom(text), { environment: 'prod' }, ['python']).files[0].text);
      const compiled = spawnSync(PYTHON, ['-W', 'error', '-m', 'py_compile', file], { encoding: 'utf8' });
      expect(compiled.status, compiled.stderr).toBe(0);
    });
  });

  it('runs against a real redis-server with python3-redis: key builders, cache-aside TTLs, every invalidation rule, keyspace events, sharded pub/sub and streams', () => {
    writeFileSync(join(dir, 'keyspace_cache.py'), exportDesign(fixtureDesign(), { environment: 'prod' }, ['python']).files[0].text);
    writeFileSync(join(dir, 'driver.py'), DRIVER);
    const out = JSON.parse(execFileSync(PYTHON, ['-W', 'error', join(dir, 'driver.py'), String(server.port)], { cwd: dir, encoding: 'utf8', timeout: 20_000, env: { ...process.env, PYTHONPATH: dir } }));

    expect(out.keys).toEqual(['products:42', 'room:{r7}:members', 'user:9:profile', 'room:{7}:events', 'alerts:eu']);
    expect(out.cache_aside.loads).toBe(1);
    expect(out.cache_aside.same).toBe(true);
    expect(out.cache_aside.pttl).toBeGreaterThan(300_000 * 0.9 - 1000);
    expect(out.cache_aside.pttl).toBeLessThanOrEqual(300_000 * 1.1);
    expect(out.uncached).toEqual({ loads: 2, exists: 0 });
    // ttl: none: cached (one load), SET without PX (PTTL -1).
    expect(out.no_expiry).toEqual({ loads: 1, pttl: -1, ttl_ms: null, drawn: null });
    expect(out.jitter.min).toBeGreaterThanOrEqual(90_000 * 0.8);
    expect(out.jitter.max).toBeLessThanOrEqual(90_000 * 1.2);
    expect(out.jitter.max - out.jitter.min).toBeGreaterThan(90_000 * 0.3);

    expect(out.rules).toEqual(['delete', 'delete-pattern', 'delete', 'write-through', 'write-behind', 'ttl-only', 'write-through']);
    expect(out.delete).toBe(1);
    expect(out.delete_pattern).toBe(3);
    expect(out.after_delete).toEqual({ product5: 0, product6: 1, lists: 0 });
    expect(out.write_through.value).toBe('fresh');
    expect(out.write_through.pttl).toBeGreaterThan(900_000 * 0.95 - 1000);
    expect(out.write_through.pttl).toBeLessThanOrEqual(900_000 * 1.05);
    expect(out.write_behind.value_now).toBe('draft');
    expect(out.write_behind.persisted_yet).toBe(false);
    expect(out.write_behind.persisted_after_ms).toBeGreaterThanOrEqual(190);
    expect(out.ttl_only).toEqual({ returned: 0, still_there: 'old' });
    // A write-through SET without PX also clears the TTL the key had.
    expect(out.no_expiry_write_through).toEqual({ value: 'fresh', pttl: -1 });
    expect(out.room_delete).toBe(1);
    expect(out.events).toEqual(expect.arrayContaining(['products:5 del', 'products:list:1 del', 'user:9:profile set', 'room:{r7}:members del']));

    expect(out.published).toBe(1);
    expect(out.received).toEqual(['room:{7}:events', 'hello']);
    expect(out.numsub).toEqual(['room:{7}:events', 1]);
    expect(out.stream_handled).toBe(1);
    expect(out.stream).toEqual(['evacuate']);
    expect(out.pending).toBe(0);
  });
});
