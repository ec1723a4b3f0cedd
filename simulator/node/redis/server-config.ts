/**
 * The command line and config file of a managed redis-server. Settings from the design travel as
 * `--name value` arguments; secrets (requirepass, ACL users) go into a 0600 file in the server's
 * private temp dir instead, because every local user can read a process's arguments with `ps`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** redis.conf settings from a design, e.g. `{ maxmemory: '64mb', 'maxmemory-policy': 'allkeys-lru', hz: 10 }`. */
export type ServerSettings = Readonly<Record<string, string | number>>;

/** An ACL user for tests of permissions: `rules` in ACL SETUSER syntax (`~kw:*`, `+@all`, `-flushall`). */
export interface AclUser {
  name: string;
  password: string;
  rules: readonly string[];
}

/** Where the server listens and keeps its files; decided by the manager, not by the design. */
export interface ListenPlan {
  dir: string;
  port: number;
  unixSocket?: string;
  cluster?: { busPort: number; nodeTimeoutMs: number };
  tls?: { certFile: string; keyFile: string; caFile: string };
  /** Run as a Sentinel (the monitor line lives in the config file, which Sentinel rewrites). */
  sentinel?: boolean;
  /** What the server persists into `dir` (default none: `save ""`, no AOF). */
  persistence?: PersistencePlan;
  /** Start as a replica of this primary. */
  replicaOf?: { host: string; port: number };
}

/** A design's `server.persistence` as the manager applies it (rdbEvery in whole seconds). */
export interface PersistencePlan {
  mode: 'none' | 'rdb' | 'aof-everysec' | 'aof-always' | 'hybrid';
  rdbEverySec: number;
}

/** The save/appendonly arguments of a persistence mode (RDB and AOF files stay in the server's dir). */
export function persistenceArgs(persistence: PersistencePlan | undefined): string[] {
  const mode = persistence?.mode ?? 'none';
  const snapshots = mode === 'rdb' || mode === 'hybrid';
  const aof = mode === 'aof-everysec' || mode === 'aof-always' || mode === 'hybrid';
  const args = ['--save', snapshots ? `${Math.max(1, Math.round(persistence?.rdbEverySec ?? 300))} 1` : '', '--appendonly', aof ? 'yes' : 'no'];
  if (aof) args.push('--appendfsync', mode === 'aof-always' ? 'always' : 'everysec', '--aof-use-rdb-preamble', mode === 'hybrid' ? 'yes' : 'no');
  return args;
}

/** A master for a managed Sentinel to monitor (default quorum 1: one sentinel decides; down after 1 s). */
export interface SentinelMonitor {
  masterName: string;
  host: string;
  port: number;
  /** The master's password, if it has one. */
  password?: string;
  quorum?: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}

// Settings the manager owns: letting a design override them could bind a public interface,
// persist to the user's disk, daemonize out of our control or move the files out of the temp dir.
const RESERVED = new Set([
  'port', 'bind', 'unixsocket', 'unixsocketperm', 'dir', 'daemonize', 'protected-mode', 'save',
  'appendonly', 'logfile', 'pidfile', 'include', 'requirepass', 'user', 'aclfile', 'masterauth',
  'masteruser', 'dbfilename', 'appendfilename', 'supervised', 'tls-port', 'tls-cert-file',
  'tls-key-file', 'tls-ca-cert-file', 'tls-auth-clients', 'cluster-enabled', 'cluster-config-file',
  'cluster-node-timeout', 'cluster-port', 'replicaof', 'slaveof', 'sentinel',
]);

const SETTING_NAME = /^[a-z][a-z0-9-]*$/;

/** Checks design-supplied settings; returns one message per problem (empty when fine). */
export function validateServerSettings(settings: ServerSettings): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (!SETTING_NAME.test(name)) {
      problems.push(`"${name}" is not a redis.conf setting name (lowercase words joined by "-")`);
    } else if (RESERVED.has(name)) {
      problems.push(`"${name}" is managed by the workbench and cannot be set by a design`);
    } else if (typeof value === 'number' ? !Number.isFinite(value) : /[\r\n]/.test(value)) {
      problems.push(`"${name}" has an invalid value ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

/** The fixed safety arguments, then the listen plan, then the design's settings. */
export function buildServerArgs(plan: ListenPlan, settings: ServerSettings, configFile?: string): string[] {
  // The config file must come first: redis-server only accepts it as the first argument.
  const args: string[] = configFile ? [configFile] : [];
  if (plan.sentinel) args.push('--sentinel');
  args.push(
    ...persistenceArgs(plan.persistence),
    '--bind', '127.0.0.1',
    '--dir', plan.dir,
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--logfile', join(plan.dir, 'redis.log'),
  );
  if (plan.tls) {
    args.push(
      '--port', '0',
      '--tls-port', String(plan.port),
      '--tls-cert-file', plan.tls.certFile,
      '--tls-key-file', plan.tls.keyFile,
      '--tls-ca-cert-file', plan.tls.caFile,
      '--tls-auth-clients', 'no',
    );
  } else {
    args.push('--port', String(plan.port));
  }
  if (plan.unixSocket) args.push('--unixsocket', plan.unixSocket, '--unixsocketperm', '700');
  if (plan.cluster) {
    args.push(
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(plan.dir, `nodes-${plan.port}.conf`),
      '--cluster-node-timeout', String(plan.cluster.nodeTimeoutMs),
      // An explicit bus port: the default port+10000 overflows for ephemeral ports above 55535.
      '--cluster-port', String(plan.cluster.busPort),
    );
  }
  if (plan.replicaOf) args.push('--replicaof', plan.replicaOf.host, String(plan.replicaOf.port));
  for (const [name, value] of Object.entries(settings)) args.push(`--${name}`, String(value));
  return args;
}

/** Quotes a value for redis.conf (double quotes, backslash escapes). */
function confQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Writes the config file (mode 0600) when there is anything to put in it (secrets, a sentinel's
 * monitor); returns its path or undefined. `masterauth` is set too so replicas of a
 * password-protected cluster can sync.
 */
export async function writeConfigFile(
  dir: string,
  secrets: { requirepass?: string; aclUsers?: readonly AclUser[]; sentinel?: SentinelMonitor },
): Promise<string | undefined> {
  const lines: string[] = [];
  const monitor = secrets.sentinel;
  if (monitor) {
    const name = confQuote(monitor.masterName);
    lines.push(
      `sentinel monitor ${name} ${monitor.host} ${monitor.port} ${monitor.quorum ?? 1}`,
      `sentinel down-after-milliseconds ${name} ${monitor.downAfterMs ?? 1000}`,
    );
    if (monitor.failoverTimeoutMs !== undefined) lines.push(`sentinel failover-timeout ${name} ${monitor.failoverTimeoutMs}`);
    if (monitor.password !== undefined) lines.push(`sentinel auth-pass ${name} ${confQuote(monitor.password)}`);
  }
  if (secrets.requirepass !== undefined) {
    lines.push(`requirepass ${confQuote(secrets.requirepass)}`, `masterauth ${confQuote(secrets.requirepass)}`);
  }
  for (const user of secrets.aclUsers ?? []) {
    if (!SETTING_NAME.test(user.name)) throw new Error(`ACL user name "${user.name}" must be lowercase letters, digits and "-"`);
    lines.push(`user ${user.name} on ${confQuote(`>${user.password}`)} ${user.rules.map(confQuote).join(' ')}`);
  }
  if (lines.length === 0) return undefined;
  const path = join(dir, 'redis.conf');
  await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  return path;
}
