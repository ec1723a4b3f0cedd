/**
 * The Python module's rate limiters (redis-py): the TypeScript module's limiter functions in
 * Python, with the same commands and Lua (rate-limit-export.ts). Empty without limiters.
 */
import type { ExportFacts } from './facts';
import { pyFString } from './key-template';
import { quote } from './names';
import type { LimiterFacts } from './rate-limit-export';
import { limiterFacts, limiterLua, limiterSummary } from './rate-limit-export';
import { pyDoc, pyParams } from './py-text';

export function pyRateLimits(facts: ExportFacts): string {
  const limiters = limiterFacts(facts);
  if (limiters.length === 0) return '';
  const scripts = [...new Map(limiters.flatMap((l) => { const lua = limiterLua(l.spec.algorithm); return lua ? [[lua.constant, lua.lua] as const] : []; })).entries()];
  const usesLog = limiters.some((l) => l.spec.algorithm === 'sliding-log');
  return [`# The design's limiters (RATE_LIMIT_CALLS and RATE_LIMIT_PERIOD in ms).
RATE_LIMITS: Dict[str, Dict[str, Any]] = {
${limiters.map((l) => `    ${quote(l.spec.name)}: {"pattern": ${quote(l.spec.pattern)}, "algorithm": ${quote(l.spec.algorithm)}, "limit": ${l.spec.limit}, "period_ms": ${l.periodMs}},`).join('\n')}
}


class RateLimitDecision:
    """A rate limiter's decision: allowed, and the X-RateLimit-* values (reset_ms in epoch ms; -1: no expiry)."""

    def __init__(self, allowed: bool, limit: int, remaining: int, reset_ms: int) -> None:
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.reset_ms = reset_ms

    def headers(self) -> Dict[str, str]:
        """The response headers; X-RateLimit-Reset in epoch seconds (rounded up)."""
        reset = -1 if self.reset_ms < 0 else -(-self.reset_ms // 1000)
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining), "X-RateLimit-Reset": str(reset)}


def _now_ms() -> int:
    return int(time.time() * 1000)


_decision_hook: List[Optional[Callable[[str, RateLimitDecision], None]]] = [None]


def on_rate_limit_decision(hook: Optional[Callable[[str, RateLimitDecision], None]]) -> None:
    """Calls hook(limiter, decision) with every decision of every limiter (its name, as in RATE_LIMITS):
    count keyspace_rate_limit_requests_total{limiter} and, when not allowed,
    keyspace_rate_limit_refused_total{limiter} there (alerts.rules.yml reads them). None removes it."""
    _decision_hook[0] = hook


def _decided(limiter: str, decision: RateLimitDecision) -> RateLimitDecision:
    if _decision_hook[0] is not None:
        _decision_hook[0](limiter, decision)
    return decision`, scripts.map(([constant, lua]) => `# The Lua of ${constant.replace(/_LUA$/, '').toLowerCase().replace(/_/g, ' ')} limiters (KEYS[1]; ARGV now ms, limit, period ms${constant === 'SLIDING_LOG_LUA' ? ', member' : ''}).\n${constant} = ${quote(lua)}`).join('\n\n'),
  scripts.length ? EVAL_HELPER : '', usesLog ? '_log_sequence = [0]' : '', ...limiters.map(limiterFunction)].filter(Boolean).join('\n\n\n');
}

const EVAL_HELPER = `_scripts: Dict[str, Any] = {}


def _eval_script(client: Any, lua: str, key: str, args: list) -> Any:
    """EVALSHA of the script (redis-py loads it on NOSCRIPT)."""
    script = _scripts.get(lua)
    if script is None:
        script = _scripts[lua] = client.register_script(lua)
    return script(keys=[key], args=args, client=client)`;

function limiterFunction(limiter: LimiterFacts): string {
  const { spec, periodMs } = limiter;
  const names = pyParams(limiter.params);
  const params = limiter.params.map((p) => `${names.get(p)}: Union[str, int]`);
  const signature = ['client: Any', ...params, 'now_ms: Optional[int] = None'].join(', ');
  const head = `def ${limiter.snake}(${signature}) -> RateLimitDecision:
    """${pyDoc(limiterSummary(limiter))}."""
    now = _now_ms() if now_ms is None else int(now_ms)
    key = ${pyFString(spec.pattern, (p) => names.get(p) ?? p)}`;
  const script = limiterLua(spec.algorithm);
  if (script) {
    const sequence = spec.algorithm === 'sliding-log' ? '\n    _log_sequence[0] += 1' : '';
    const member = spec.algorithm === 'sliding-log' ? ', f"{now}-{_log_sequence[0]}"' : '';
    return `${head}${sequence}
    allowed, remaining, reset_ms = _eval_script(client, ${script.constant}, key, [now, ${spec.limit}, ${periodMs}${member}])
    return _decided(${quote(spec.name)}, RateLimitDecision(int(allowed) == 1, ${spec.limit}, int(remaining), int(reset_ms)))`;
  }
  const end = limiter.aligned ? `(now // ${periodMs} + 1) * ${periodMs}` : `now + ${periodMs}`;
  return `${head}
    pipe = client.pipeline(transaction=False)
    pipe.incr(key)
    pipe.pttl(key)
    count, pttl = (int(reply) for reply in pipe.execute())
    reset_ms = now + pttl if pttl >= 0 else -1
    if count == 1:
        reset_ms = ${end}
        client.pexpire(key, reset_ms - now)
    return _decided(${quote(spec.name)}, RateLimitDecision(count <= ${spec.limit}, ${spec.limit}, max(0, ${spec.limit} - count), reset_ms))`;
}
