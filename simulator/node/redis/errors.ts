/**
 * Turning what ioredis and Redis throw into one message a user can act on, with a stable `code`
 * that the CLI, the UI and the run result can branch on. ioredis mostly rejects with a generic
 * "Connection is closed." and reports the real cause on its 'error' event, so callers pass the
 * most specific error they saw (see connect.ts).
 */

/** Stable failure codes (listed, with what each means, in the RunResult schema: simulator/run/schema/live.ts). */
import type { RedisErrorCode } from '../../run';
export type { RedisErrorCode };

/** What the message may mention: where, as whom, and where the password came from. */
export interface ErrorContext {
  /** How to name the server in messages, e.g. `127.0.0.1:6390` or `cluster 10.0.0.1:7000,…`. */
  target: string;
  username?: string;
  passwordEnv?: string;
  /** Whether the client used TLS; decides which side of a TLS mismatch to suggest. */
  tls?: boolean;
  /** Failures while connecting and while running commands read differently. */
  phase?: 'connect' | 'command';
  /** The client is a cluster client: a MOVED it could not follow means a lost node, not a wrong URL. */
  cluster?: boolean;
}

/** A classified failure: `code` for programs, `message` for people, `cause` for logs. */
export class RedisTargetError extends Error {
  constructor(readonly code: RedisErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisTargetError';
  }
}

const NETWORK_UNREACHABLE = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
const TLS_CODES = new Set([
  'EPROTO', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** ioredis' words for a command that lost its connection (the live engine's pipes say the same). */
export const CONNECTION_CLOSED = 'Connection is closed.';

const CLOSED_MESSAGES = [
  CONNECTION_CLOSED,
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Cluster isn't ready and enableOfflineQueue options is false",
  'Cluster is ended.',
];

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first word of a Redis error reply (`WRONGPASS`, `OOM`, `MOVED`…), if it is one. */
function replyPrefix(message: string): string | undefined {
  return /^([A-Z][A-Z_]+)\b/.exec(message)?.[1];
}

function who(context: ErrorContext): string {
  return `user '${context.username ?? 'default'}'`;
}

function passwordHint(context: ErrorContext): string {
  return context.passwordEnv
    ? `Check the variable ${context.passwordEnv}.`
    : 'Check the password (or name the variable that holds it with passwordEnv).';
}

/** True for the generic "the connection is gone" errors ioredis raises on its own. */
export function isConnectionClosedError(error: unknown): boolean {
  const message = messageOf(error);
  return (error as Error | null)?.name === 'MaxRetriesPerRequestError' || CLOSED_MESSAGES.includes(message);
}

/** True for errors that say a connection failed without saying why (closure, cluster-wide failure). */
export function isVagueConnectError(error: unknown): boolean {
  return isConnectionClosedError(error)
    || (error as Error | null)?.name === 'ClusterAllFailedError'
    || messageOf(error) === 'None of startup nodes is available';
}

function fromReply(prefix: string, message: string, context: ErrorContext): [RedisErrorCode, string] | undefined {
  const at = `Redis at ${context.target}`;
  switch (prefix) {
    case 'WRONGPASS':
      return ['auth', `${at} rejected the password for ${who(context)} (WRONGPASS), or that user is disabled. ${passwordHint(context)}`];
    case 'NOAUTH':
      return ['auth', `${at} requires a password (NOAUTH) and none was sent for ${who(context)}. Name the variable that holds it with passwordEnv (e.g. REDIS_PASSWORD).`];
    case 'NOPERM':
      return ['acl-denied', `${at} refused a command for ${who(context)} by its ACL (${message}). A live run needs read and write access to keys under its prefix and the commands of its scenario; grant them (e.g. ACL SETUSER ${context.username ?? 'default'} ~kw:* +@read +@write +@keyspace) or use another user.`];
    case 'OOM':
      return ['oom', `${at} refused a write because its memory is above maxmemory and its policy cannot evict anything (OOM). With noeviction, or a volatile-* policy and no keys carrying a TTL, writes fail instead of evicting: raise maxmemory, choose an allkeys-* policy, or give keys a TTL.`];
    case 'MOVED':
    case 'ASK': {
      if (context.cluster) {
        const node = /^(?:MOVED|ASK) \d+ (\S+)/.exec(message)?.[1] ?? 'another node';
        return ['cluster-down', `The cluster at ${context.target} sent a command to ${node} (${message}) and the client could not complete it there: ${node} is probably down — the cluster lost a master and its slots are not covered — or its slots are migrating. Check CLUSTER NODES on a live node; restart ${node} or fail its slots over to a replica.`];
      }
      return ['cluster-redirect', `${at} is a Redis Cluster node: it answered ${message}. Connect with cluster://host:port so the client follows the slot map.`];
    }
    case 'CLUSTERDOWN':
      return ['cluster-down', `The cluster at ${context.target} is down (${message}): some hash slots have no reachable master. Check CLUSTER INFO and CLUSTER NODES on any node.`];
    case 'LOADING':
      return ['loading', `${at} is still loading its dataset into memory (LOADING). Retry when it has finished.`];
    case 'READONLY':
      return ['readonly', `${at} is a read-only replica (READONLY). Connect to the master, or through Sentinel (redis-sentinel://) or Cluster (cluster://).`];
    case 'MASTERDOWN':
      return ['unreachable', `${at} is a replica that lost its master and refuses to serve stale data (MASTERDOWN).`];
    default:
      return undefined;
  }
}

/**
 * Something that is not Redis answered: an HTTP server replies `HTTP/1.1 400 Bad Request` to the
 * first command, which the RESP parsers report as an unexpected type byte ('H' is 0x48). Also a
 * DB index beyond the server's `databases` (SELECT's error).
 */
function fromProtocol(message: string, context: ErrorContext): [RedisErrorCode, string] | undefined {
  // ioredis 6 says `Unknown RESP type 72 "H"`, redis-parser `Protocol error, got "H" as reply type byte`.
  const byte = /Unknown RESP type \d+ "(.)"/.exec(message)?.[1]
    ?? /Protocol error, got "(.)" as reply type byte/.exec(message)?.[1]
    ?? (() => {
      const hex = /unexpected reply type byte 0x([0-9a-f]{1,2})/i.exec(message)?.[1];
      return hex === undefined ? undefined : String.fromCharCode(parseInt(hex, 16));
    })();
  if (byte === undefined) {
    if (!/DB index is out of range/i.test(message)) return undefined;
    return ['config', `${context.target} has no such database (${message}): a Redis server has as many as its \`databases\` setting (default 16: 0–15). Choose a lower DB in the URL (redis://host:port/N).`];
  }
  if (byte === 'H') {
    return ['unreachable', `${context.target} answered with HTTP, not the Redis protocol: this is a web server (or a proxy), not Redis. Check the host and port.`];
  }
  return ['unreachable', `${context.target} answered with something that is not the Redis protocol (first byte ${JSON.stringify(byte)}). Is this the Redis port? Check the host and port.`];
}

/** True for the failures of a cluster command that mean a node is gone or its slots are not served. */
export function isClusterNodeLostError(error: unknown): boolean {
  const message = messageOf(error);
  const code = errorCode(error);
  return isVagueConnectError(error)
    || /^(MOVED|ASK|CLUSTERDOWN|TRYAGAIN)\b/.test(message)
    || message.startsWith('Too many Cluster redirections')
    || /Command timed out/i.test(message)
    || (code !== undefined && (NETWORK_UNREACHABLE.has(code) || code === 'ECONNRESET' || code === 'EPIPE'));
}

function fromNetwork(code: string, message: string, context: ErrorContext): [RedisErrorCode, string] | undefined {
  const target = context.target;
  if (code === 'ECONNREFUSED') {
    return ['unreachable', `Nothing is listening at ${target} (ECONNREFUSED). Is Redis running there, and is the port right?`];
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return ['unreachable', `The host of ${target} could not be resolved (${code}). Check the host name and your DNS or VPN.`];
  }
  if (code === 'ETIMEDOUT') {
    const tlsHint = context.tls
      ? ' If the port is open but does not speak TLS, the TLS handshake never completes: use redis:// instead of rediss://.'
      : '';
    return ['unreachable', `Connecting to ${target} timed out (ETIMEDOUT): the host is down, unreachable, or a firewall drops the packets.${tlsHint}`];
  }
  if (NETWORK_UNREACHABLE.has(code)) {
    return ['unreachable', `${target} cannot be reached (${code}). Check the host, the network and any VPN.`];
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    const plainServer = /wrong version number|packet length too long|http request/i.test(message);
    return ['tls', plainServer
      ? `The TLS handshake with ${target} failed (${code}): the server does not speak TLS on this port. Use redis:// instead of rediss://.`
      : `The TLS handshake with ${target} failed (${code}: ${message}). Check the CA file (ca), the server name (servername), and the client certificate and key if the server requires them.`];
  }
  if ((code === 'ECONNRESET' || code === 'EPIPE') && context.phase === 'connect' && !context.tls) {
    return ['tls', `${target} reset the connection before answering (${code}). A server that accepts only TLS does this to a plain client: if so, use rediss://.`];
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return ['disconnected', `The connection to ${target} was reset (${code}). The client reconnects with backoff; commands are not queued while it is down.`];
  }
  return undefined;
}

/**
 * The TLS-client-to-plain-server case: TCP connects, but the server waits for a command while the
 * client waits for a ServerHello, until the connect timeout. Only the caller can tell this from a
 * dead host (by checking that the port accepts TCP), so it builds this error itself.
 */
export function tlsHandshakeStalledError(context: ErrorContext, cause?: unknown): RedisTargetError {
  return new RedisTargetError('tls', `${context.target} accepts TCP connections but the TLS handshake never completed: the server probably does not speak TLS on this port. Use redis:// instead of rediss://, or the server's TLS port.`, { cause });
}

/**
 * Classifies any failure from connecting to or talking to Redis. Already-classified errors pass
 * through unchanged, so it is safe to call at every layer.
 */
export function classifyRedisError(error: unknown, context: ErrorContext): RedisTargetError {
  if (error instanceof RedisTargetError) return error;
  const message = messageOf(error);
  const make = ([code, text]: [RedisErrorCode, string]): RedisTargetError => new RedisTargetError(code, text, { cause: error });

  const redirections = /^Too many Cluster redirections\. Last error: (.*)$/s.exec(message);
  if (redirections) {
    if (/CLUSTERDOWN/.test(redirections[1])) {
      const inner = classifyRedisError(new Error(redirections[1].replace(/^\w*Error: /, '')), context);
      return new RedisTargetError(inner.code, inner.message, { cause: error });
    }
    return make(['redirect-storm', `The cluster at ${context.target} kept redirecting commands (MOVED/ASK beyond the redirection limit; last: ${redirections[1]}). Slots are probably migrating; wait for the resharding to finish and retry.`]);
  }
  const protocol = fromProtocol(message, context);
  if (protocol) return make(protocol);
  const prefix = replyPrefix(message);
  const reply = prefix ? fromReply(prefix, message, context) : undefined;
  if (reply) return make(reply);

  const code = errorCode(error);
  const network = code ? fromNetwork(code, message, context) : undefined;
  if (network) return make(network);

  const lastNodeError = (error as { lastNodeError?: unknown } | null)?.lastNodeError;
  if ((error as Error | null)?.name === 'ClusterAllFailedError' || message === 'None of startup nodes is available') {
    const inner = lastNodeError && !isConnectionClosedError(lastNodeError) ? classifyRedisError(lastNodeError, context) : undefined;
    if (inner && inner.code !== 'unknown') return inner;
    return make(['unreachable', `None of the cluster nodes at ${context.target} answered (${message}). Check that the nodes are up and that these are cluster-enabled nodes.`]);
  }
  if (/All sentinels are unreachable/i.test(message)) {
    return make(['unreachable', `None of the sentinels at ${context.target} answered. Check their addresses and that they monitor this master name.`]);
  }
  if (/Command timed out/i.test(message)) {
    return make(['timeout', `${context.target} did not answer a command in time (${message}). The server may be overloaded, blocked by a slow command, or stopped (a paused process, a half-open connection).`]);
  }
  if (isConnectionClosedError(error)) {
    return make(['disconnected', context.phase === 'connect'
      ? `${context.target} closed the connection before it was ready (${message}).`
      : `The connection to ${context.target} is down (${message}). Commands are not queued while it is down; the client reconnects with backoff.`]);
  }
  return make(['unknown', `Redis at ${context.target} failed: ${message}`]);
}
