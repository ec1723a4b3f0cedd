/** Small helpers for writing Python source: parameter names, docstring text, float literals. */
import { commentSafe, snakeName, uniqueNames } from './names';

/** Python parameter names of a pattern's placeholders (snake_case, never a keyword). */
export function pyParams(params: ReadonlyArray<string>): Map<string, string> {
  const names = uniqueNames(params, snakeName);
  return new Map(params.map((p, i) => [p, names[i]]));
}

/** Text inside a Python docstring or comment: one line, no quotes that could end it. */
export function pyDoc(text: string): string {
  return commentSafe(text).replace(/\\/g, '\\\\').replace(/"/g, "'");
}

/** A float literal: 0.1, 2.0. */
export function pyNumber(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * The generated module's next_message (message, smessage and pmessage alike): emitted with the
 * keyspace-event listener, or with the pub/sub helpers when the design has no invalidation rules.
 */
export const PY_NEXT_MESSAGE = `def next_message(pubsub: Any, timeout: float = 1.0) -> Optional[Tuple[str, str]]:
    """The next message as (channel, data), or None after timeout seconds (message, smessage and pmessage alike)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        response = pubsub.parse_response(block=False, timeout=remaining)
        if not response:
            continue
        kind = _text(response[0])
        if kind in ("message", "smessage"):
            return _text(response[1]), _text(response[2])
        if kind == "pmessage":
            return _text(response[2]), _text(response[3])`;
