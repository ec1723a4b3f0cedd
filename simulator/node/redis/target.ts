/**
 * Where a live run connects: a zod-validated target object, parsed from a URL or given as an
 * object. Accepted URLs:
 *
 *   redis://[user[:password]@]host[:port][/db][?params]
 *   rediss://…                          TLS; params ca, cert, key (file paths), servername
 *   unix:///path/to/redis.sock[?db=N]
 *   redis-sentinel://[user[:password]@]host:port,host:port/masterName[/db]
 *   cluster://[user[:password]@]host:port,host:port
 *
 * Common params: passwordEnv, connectTimeoutMs, reconnectDeadlineMs, commandTimeoutMs, tls=true.
 * Secrets: a password typed into a CLI URL is accepted; a design file may only name the
 * environment variable that holds it (`passwordEnv: REDIS_PASSWORD`).
 */
import { z } from 'zod';
import { RedisTargetError } from './errors';
import { ENV_NAME, NO_PASSWORD_ENV, readPasswordEnv, type PasswordEnv } from './password-env';

const endpoint = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
}).strict();

const tlsSchema = z.object({
  caFile: z.string().min(1).optional(),
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  servername: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().default(true),
}).strict().refine((tls) => Boolean(tls.certFile) === Boolean(tls.keyFile), {
  message: 'a client certificate needs both certFile and keyFile',
});

const common = {
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  passwordEnv: z.string().regex(ENV_NAME, 'must be an environment variable name such as REDIS_PASSWORD').optional(),
  connectTimeoutMs: z.number().int().positive().default(5000),
  /** How long reconnection keeps trying after the connection drops before giving up. */
  reconnectDeadlineMs: z.number().int().nonnegative().default(30_000),
  commandTimeoutMs: z.number().int().positive().optional(),
};
const db = z.number().int().min(0).default(0);

/** The schema of a connection target (the options-object form). */
export const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standalone'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(6379), db, tls: tlsSchema.optional(), ...common }).strict(),
  z.object({ kind: z.literal('unix'), path: z.string().min(1), db, ...common }).strict(),
  z.object({
    kind: z.literal('sentinel'), sentinels: z.array(endpoint).min(1), masterName: z.string().min(1), db,
    sentinelUsername: z.string().min(1).optional(),
    sentinelPasswordEnv: z.string().regex(ENV_NAME).optional(),
    tls: tlsSchema.optional(), ...common,
  }).strict(),
  // A cluster has only database 0, so there is no db field.
  z.object({ kind: z.literal('cluster'), nodes: z.array(endpoint).min(1), tls: tlsSchema.optional(), ...common }).strict(),
]).refine((target) => !(target.password !== undefined && target.passwordEnv !== undefined), {
  message: 'give either password or passwordEnv, not both',
});

/** A validated connection target. */
export type Target = z.output<typeof TargetSchema>;
/** The input form (defaults optional). */
export type TargetInput = z.input<typeof TargetSchema>;
/** The target kinds: standalone, unix, sentinel, cluster. */
export type TargetKind = Target['kind'];
/** TLS settings of a target (file paths, not contents). */
export type TargetTls = NonNullable<Extract<Target, { kind: 'standalone' }>['tls']>;

/** Where a target came from: a design file may not carry a password. */
export type TargetOrigin = 'cli' | 'design';

function configError(message: string): RedisTargetError {
  return new RedisTargetError('config', message);
}

function parseHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
  if (!match) throw configError(`"${text}" is not host:port`);
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  return { host: match[1] ?? match[2], port };
}

const NUMERIC_PARAMS = ['connectTimeoutMs', 'reconnectDeadlineMs', 'commandTimeoutMs', 'db'] as const;
const TLS_PARAMS: Record<string, 'caFile' | 'certFile' | 'keyFile' | 'servername'> = {
  ca: 'caFile', cert: 'certFile', key: 'keyFile', servername: 'servername',
};

function applyParams(query: URLSearchParams, into: Record<string, unknown>, allowTls: boolean): void {
  const tls: Record<string, unknown> = (into.tls as Record<string, unknown> | undefined) ?? {};
  let wantsTls = into.tls !== undefined;
  for (const [name, value] of query) {
    if (name === 'passwordEnv') into.passwordEnv = value;
    else if ((NUMERIC_PARAMS as readonly string[]).includes(name)) {
      if (!/^\d+$/.test(value)) throw configError(`${name}=${value} is not a whole number`);
      into[name] = Number(value);
    } else if (allowTls && name in TLS_PARAMS) {
      tls[TLS_PARAMS[name]] = value;
      wantsTls = true;
    } else if (allowTls && name === 'rejectUnauthorized') {
      tls.rejectUnauthorized = value !== 'false' && value !== '0';
      wantsTls = true;
    } else if (allowTls && name === 'tls') {
      wantsTls = value !== 'false' && value !== '0';
    } else {
      throw configError(`Unknown URL parameter "${name}"`);
    }
  }
  if (wantsTls) into.tls = tls;
}

/** Splits a URL into its parts by hand: WHATWG URL cannot parse comma-separated host lists. */
function splitUrl(url: string): { scheme: string; user?: string; password?: string; hosts: string; path: string; query: URLSearchParams } {
  const match = /^([a-z][a-z0-9+-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i.exec(url.trim());
  if (!match) throw configError(`"${redactUrl(url)}" is not a connection URL such as redis://host:6379/0`);
  const [, scheme, authority, path, query] = match;
  const at = authority.lastIndexOf('@');
  const hosts = at === -1 ? authority : authority.slice(at + 1);
  let user: string | undefined;
  let password: string | undefined;
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    user = decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(0, colon)) || undefined;
    password = colon === -1 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
  }
  return { scheme: scheme.toLowerCase(), user, password, hosts, path, query: new URLSearchParams(query ?? '') };
}

/** The URL with `passwordEnv=NAME` added; it takes precedence over one the URL already names. */
export function withPasswordEnv(url: string, name: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}passwordEnv=${encodeURIComponent(name)}`;
}

/** Replaces the password of a URL with `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

function dbFromPath(segment: string | undefined): number | undefined {
  if (segment === undefined || segment === '') return undefined;
  if (!/^\d+$/.test(segment)) throw configError(`"/${segment}" is not a database number`);
  return Number(segment);
}

/** Parses a connection URL into a raw object for the schema. */
function urlToInput(url: string): Record<string, unknown> {
  const { scheme, user, password, hosts, path, query } = splitUrl(url);
  const auth = { username: user, password };
  const segments = path.split('/').slice(1);
  let input: Record<string, unknown>;
  switch (scheme) {
    case 'redis':
    case 'rediss': {
      if (hosts.includes(',')) throw configError('redis:// takes one host; use cluster:// or redis-sentinel:// for several');
      if (segments.length > 1) throw configError(`"${path}" is not /db`);
      input = { kind: 'standalone', ...parseHostPort(hosts, 6379), db: dbFromPath(segments[0]), ...auth };
      if (scheme === 'rediss') input.tls = {};
      break;
    }
    case 'unix':
      if (hosts !== '' || path === '') throw configError('a unix socket URL is unix:///absolute/path/to/redis.sock');
      input = { kind: 'unix', path: decodeURIComponent(path), ...auth };
      break;
    case 'redis-sentinel': {
      if (!segments[0]) throw configError('redis-sentinel:// needs the master name: redis-sentinel://host:26379,host:26379/mymaster');
      const sentinels = hosts.split(',').map((part) => parseHostPort(part, 26379));
      input = { kind: 'sentinel', sentinels, masterName: decodeURIComponent(segments[0]), db: dbFromPath(segments[1]), ...auth };
      break;
    }
    case 'cluster':
      if (path !== '' && path !== '/') throw configError('a cluster has only database 0; cluster:// takes no path');
      input = { kind: 'cluster', nodes: hosts.split(',').map((part) => parseHostPort(part, 6379)), ...auth };
      break;
    default:
      throw configError(`Unsupported scheme "${scheme}://"; use redis://, rediss://, unix://, redis-sentinel:// or cluster://`);
  }
  applyParams(query, input, scheme !== 'unix');
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input;
}

/**
 * Validates a target given as a URL or an object. With origin 'design', a password is refused:
 * a design file is shared and committed, so it may only name the variable holding the password.
 */
export function parseTarget(input: string | TargetInput, options: { origin?: TargetOrigin } = {}): Target {
  const raw = typeof input === 'string' ? urlToInput(input) : input;
  const result = TargetSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'target'}: ${issue.message}`);
    throw configError(`Invalid connection target ${typeof input === 'string' ? redactUrl(input) : ''}\n- ${problems.join('\n- ')}`);
  }
  if (options.origin === 'design' && result.data.password !== undefined) {
    throw configError('A design file must not contain a password. Name the environment variable that holds it instead, e.g. passwordEnv: REDIS_PASSWORD.');
  }
  return result.data;
}

/** Names a target in messages, without secrets: `127.0.0.1:6379`, `unix:/run/redis.sock`, … */
export function describeTarget(target: Target): string {
  const list = (nodes: ReadonlyArray<{ host: string; port: number }>): string =>
    nodes.map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)).join(',');
  switch (target.kind) {
    case 'standalone':
      return list([target]);
    case 'unix':
      return `unix:${target.path}`;
    case 'sentinel':
      return `master '${target.masterName}' via sentinels ${list(target.sentinels)}`;
    case 'cluster':
      return `cluster ${list(target.nodes)}`;
  }
}

/**
 * The password to send: the literal one (CLI URLs), or the value of the named environment
 * variable, which must be allowed by `passwords` (the default allows none) and set. Undefined
 * when the target uses no password. Every connection resolves its password here.
 */
export function resolvePassword(
  source: { password?: string; passwordEnv?: string },
  passwords: PasswordEnv = NO_PASSWORD_ENV,
): string | undefined {
  if (source.password !== undefined) return source.password;
  if (source.passwordEnv === undefined) return undefined;
  return readPasswordEnv(source.passwordEnv, passwords);
}
