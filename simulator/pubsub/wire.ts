/**
 * Bytes on the wire, for output-buffer and bandwidth arithmetic: the RESP2 push a subscriber
 * receives, the command a publisher sends, and the cluster-bus message of a classic PUBLISH.
 */

/** About the size of a cluster bus message header (clusterMsg), per REDIS-FACTS.md. */
export const CLUSTER_BUS_HEADER_BYTES = 2048;

function digits(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10_000) return 4;
  if (n < 100_000) return 5;
  if (n < 1_000_000) return 6;
  if (n < 10_000_000) return 7;
  return Math.floor(Math.log10(n)) + 1;
}

/** `$<n>\r\n<n bytes>\r\n` */
function bulk(n: number): number {
  return 1 + digits(n) + 2 + n + 2;
}

/** A `message` (or `smessage`) push: `*3`, the kind, the channel, the payload. */
export function pushBytes(channelBytes: number, payloadBytes: number, sharded: boolean): number {
  return 4 + bulk(sharded ? 8 : 7) + bulk(channelBytes) + bulk(payloadBytes);
}

/** A `PUBLISH channel payload` command (SPUBLISH is one byte longer). */
export function publishBytes(channelBytes: number, payloadBytes: number, sharded: boolean): number {
  return pushBytes(channelBytes, payloadBytes, sharded);
}

/** `XADD key * data <payload>`, the streams equivalent of a publish. */
export function xaddBytes(channelBytes: number, payloadBytes: number): number {
  return 4 + bulk(4) + bulk(channelBytes) + bulk(1) + bulk(4) + bulk(payloadBytes);
}

/** One classic PUBLISH propagated to one other node over the cluster bus. */
export function busBytes(channelBytes: number, payloadBytes: number): number {
  return CLUSTER_BUS_HEADER_BYTES + 8 + channelBytes + payloadBytes;
}
