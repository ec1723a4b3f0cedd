/**
 * The pub/sub part of the Python module: channel builders, publish and subscribe (SPUBLISH /
 * SSUBSCRIBE when the design publishes sharded; redis-py 4.3 has no ssubscribe method, so the raw
 * command is sent), and Streams append/read for classes delivered through streams.
 */
import type { ExportFacts } from './facts';
import { pyFString } from './key-template';
import { quote } from './names';
import { PY_NEXT_MESSAGE, pyDoc, pyParams } from './py-text';

export function pyPubsub(facts: ExportFacts): string {
  if (!facts.pubsub || facts.channels.length === 0) return '';
  const groups = facts.channels;
  const builders = groups.map((g) => {
    const names = pyParams(g.params);
    const args = g.params.map((p) => `${names.get(p)}: Union[str, int]`).join(', ');
    return `    @staticmethod\n    def ${g.snake}(${args}) -> str:\n        """${pyDoc(g.pattern)}"""\n        return ${pyFString(g.pattern, (p) => names.get(p) ?? p)}`;
  });
  const parts = [`# Publish and subscribe sharded (SPUBLISH/SSUBSCRIBE: a channel lives on the shard owning its slot) or classic.
SHARDED_PUBSUB = ${facts.sharded ? 'True' : 'False'}

# Channel groups: name pattern, number of channels, delivery (pubsub: at most once; streams: replayed from the last ACK).
CHANNEL_GROUPS: Dict[str, Dict[str, Any]] = {
${groups.map((g) => `    ${quote(g.name)}: {"pattern": ${quote(g.pattern)}, "count": ${g.count}, "delivery_class": ${quote(g.className)}, "delivery": ${quote(g.delivery)}, "publishes_per_sec": ${g.publishRatePerSec}},`).join('\n')}
}


class channels:
    """Channel name builders, one per channel group; a {{tag}} placeholder keeps its braces."""

${builders.join('\n\n')}`];
  if (!facts.keyspaceEvents) parts.push(PY_NEXT_MESSAGE);
  if (groups.some((g) => g.delivery === 'pubsub')) parts.push(PUBSUB_HELPERS);
  if (groups.some((g) => g.delivery === 'streams')) parts.push(STREAM_HELPERS);
  return parts.join('\n\n\n');
}

const PUBSUB_HELPERS = `def publish(client: Any, channel: str, message: str) -> int:
    """Publishes a message; returns the number of subscribers that received it (on that node)."""
    if SHARDED_PUBSUB:
        return int(client.execute_command("SPUBLISH", channel, message))
    return int(client.publish(channel, message))


def subscribe(client: Any, channel_names: Any) -> Any:
    """A PubSub subscribed to the channels (sharded where the design says); read it with next_message."""
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    names = list(channel_names)
    if not SHARDED_PUBSUB:
        pubsub.subscribe(*names)
    elif hasattr(pubsub, "ssubscribe"):
        pubsub.ssubscribe(*names)
    else:
        pubsub.execute_command("SSUBSCRIBE", *names)
    return pubsub`;

const STREAM_HELPERS = `def append_to_stream(client: Any, stream: str, message: str, max_len: int = 10000) -> str:
    """Appends a message to a Streams channel, trimming the stream to about max_len entries."""
    return _text(client.xadd(stream, {"payload": message}, maxlen=max_len, approximate=True))


def read_stream(
    client: Any, stream: str, group: str, consumer: str, on_message: Callable[[str, str], None],
    count: int = 100, block_ms: int = 1000,
) -> int:
    """Reads one batch for a consumer of a group (created when missing), hands each message to on_message, ACKs it."""
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
    handled = 0
    for _stream, entries in client.xreadgroup(group, consumer, {stream: ">"}, count=count, block=block_ms) or []:
        for entry_id, fields in entries:
            payload = fields.get(b"payload", fields.get("payload", b""))
            on_message(_text(entry_id), _text(payload))
            client.xack(stream, group, entry_id)
            handled += 1
    return handled`;
