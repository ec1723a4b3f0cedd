/**
 * Opening a live run's data connection to any target, and failing with one classified,
 * actionable error when that is impossible.
 */
import { connect as tcpConnect } from 'node:net';
import { Cluster, type Redis } from 'ioredis';
import { checkClusterHealth } from './cluster-health';
import { DeadlineExceededError, LIVE_DEADLINES, withDeadline } from './deadline';
import { createTargetClient, loadTls, type DataConnectionExtras, type ResolvedSecrets } from './client-options';
import { classifyRedisError, CONNECTION_CLOSED, isVagueConnectError, RedisTargetError, tlsHandshakeStalledError, type ErrorContext } from './errors';
import type { PasswordEnv } from './password-env';
import { describeTarget, parseTarget, resolvePassword, type Target, type TargetInput, type TargetKind, type TargetOrigin } from './target';

/** Options of connectTarget. */
export interface ConnectOptions extends DataConnectionExtras {
  /** The environment variables a passwordEnv may name, with their values. Default: none allowed. */
  passwords?: PasswordEnv;
  /** Where a URL came from: 'design' refuses literal passwords. Default 'cli'. */
  origin?: TargetOrigin;
}

/** An open connection and what is needed to use it well. */
export interface TargetConnection {
  readonly client: Redis | Cluster;
  readonly kind: TargetKind;
  readonly target: Target;
  /** The target as named in messages, without secrets. */
  readonly description: string;
  /** The latest error the client reported on its own (it reconnects in the background). */
  lastError(): Error | undefined;
  /** Classifies an error from this connection, naming this target. */
  classify(error: unknown): RedisTargetError;
  /** Resolves once the client is ready again; rejects when it gave up or after `timeoutMs`. */
  waitUntilReady(timeoutMs: number): Promise<void>;
  /** QUIT (bounded to 1 s), then drop the socket. Idempotent. */
  close(): Promise<void>;
}

/** What a TCP connect to `host:port` says: 'open' or the error code. */
function tcpCheck(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (result: string): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('ETIMEDOUT'));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'ECONNREFUSED'));
  });
}

/**
 * When ioredis only said "Connection is closed.", ask the network directly: a refused or
 * unresolvable address is then reported as such, not as a vague closure.
 */
async function diagnose(target: Target, fallback: unknown): Promise<unknown> {
  const endpoints = target.kind === 'standalone' ? [target]
    : target.kind === 'cluster' ? target.nodes
      : target.kind === 'sentinel' ? target.sentinels : [];
  let firstProblem: unknown;
  for (const { host, port } of endpoints.slice(0, 3)) {
    const result = await tcpCheck(host, port, Math.min(target.connectTimeoutMs, 2000));
    if (result === 'open') return fallback;
    const error: NodeJS.ErrnoException = new Error(`connect ${result} ${host}:${port}`);
    error.code = result;
    firstProblem ??= error;
  }
  return firstProblem ?? fallback;
}

/**
 * ioredis reports a failed SELECT (a DB beyond the server's `databases`) only as an 'error'
 * event and stays in DB 0, where the run would count, write and delete: SELECT again and fail.
 */
async function checkDb(client: Redis, db: number, description: string): Promise<void> {
  try {
    await client.select(db);
  } catch (error) {
    if (!/DB index is out of range/i.test((error as Error).message)) throw error;
    const reply = await client.config('GET', 'databases').catch(() => []) as string[];
    const count = Number(reply[1]);
    const has = Number.isInteger(count) && count > 0
      ? `it has databases ${count} (0–${count - 1})`
      : 'its `databases` setting is lower (the default is 16: 0–15)';
    throw new RedisTargetError('config', `DB ${db} does not exist on ${description}: ${has}. Choose an existing DB in the URL (redis://host:port/N).`, { cause: error });
  }
}

/** How long connect() may take: a connect timeout per endpoint tried, plus a command for the ready check. */
function connectDeadlineMs(target: Target, commandTimeoutMs: number): number {
  const endpoints = target.kind === 'sentinel' ? target.sentinels.length + 1 : 1;
  return target.connectTimeoutMs * endpoints + commandTimeoutMs;
}

async function resolveSecrets(target: Target, passwords: PasswordEnv | undefined): Promise<ResolvedSecrets> {
  const secrets: ResolvedSecrets = { password: resolvePassword(target, passwords) };
  if (target.kind === 'sentinel' && target.sentinelPasswordEnv) {
    secrets.sentinelPassword = resolvePassword({ passwordEnv: target.sentinelPasswordEnv }, passwords);
  }
  if (target.kind !== 'unix' && target.tls) {
    try {
      secrets.tls = await loadTls(target.tls);
    } catch (error) {
      throw new RedisTargetError('config', (error as Error).message, { cause: error });
    }
  }
  return secrets;
}

/**
 * Connects to a target given as a URL, an options object or a parsed Target. Resolves once the
 * client is ready (for a cluster: once every master answered PING); rejects with a
 * RedisTargetError whose `code` says what went wrong and whose message says what to do.
 */
export async function connectTarget(input: string | TargetInput | Target, options: ConnectOptions = {}): Promise<TargetConnection> {
  const target = parseTarget(input as string | TargetInput, { origin: options.origin ?? 'cli' });
  const secrets = await resolveSecrets(target, options.passwords);
  const description = describeTarget(target);
  const context = (phase: ErrorContext['phase']): ErrorContext => ({
    target: description,
    username: target.username,
    passwordEnv: target.passwordEnv,
    tls: secrets.tls !== undefined,
    phase,
  });

  const client = createTargetClient(target, secrets, options);
  // The most specific error seen: ioredis rejects connect() with a generic closure and reports
  // the cause (WRONGPASS, ECONNREFUSED, a certificate problem) only on these events.
  let last: Error | undefined;
  let specific: Error | undefined;
  const record = (error: Error): void => {
    last = error;
    if (!isVagueConnectError(error)) specific = error;
  };
  client.on('error', record);
  client.on('node error', record);

  try {
    // ioredis's Cluster.connect() never settles when its ready check fails (CLUSTER INFO sent to a
    // dead master): it reconnects on its own and leaves the caller waiting. So it gets a deadline.
    await withDeadline(client.connect(), connectDeadlineMs(target, options.commandTimeoutMs ?? LIVE_DEADLINES.commandMs), `Connecting to ${description}`);
    if (client instanceof Cluster) await checkClusterHealth(client, description, options.commandTimeoutMs ?? target.connectTimeoutMs);
    else if (target.kind !== 'cluster' && target.db > 0) await checkDb(client, target.db, description);
  } catch (error) {
    client.disconnect();
    // Our own checks (the DB, the cluster's masters) already say what is wrong; a deadline says
    // less than the cause the client reported meanwhile, if any.
    if (error instanceof DeadlineExceededError && specific) throw classifyRedisError(specific, context('connect'));
    if (error instanceof RedisTargetError) throw error;
    if (secrets.tls && (specific as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' && target.kind !== 'unix') {
      const first = target.kind === 'standalone' ? target : target.kind === 'cluster' ? target.nodes[0] : target.sentinels[0];
      if (await tcpCheck(first.host, first.port, 1000) === 'open') throw tlsHandshakeStalledError(context('connect'), specific);
    }
    const cause = specific ?? (isVagueConnectError(error) ? await diagnose(target, last ?? error) : error);
    throw classifyRedisError(cause, context('connect'));
  }
  specific = undefined;

  let closing: Promise<void> | undefined;
  return {
    client,
    kind: target.kind,
    target,
    description,
    lastError: () => last,
    classify: (error) => classifyRedisError(error, context('command')),
    waitUntilReady(timeoutMs) {
      if (client.status === 'ready') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const finish = (error?: unknown): void => {
          clearTimeout(timer);
          client.off('ready', onReady);
          client.off('end', onEnd);
          if (error === undefined) resolve();
          else reject(classifyRedisError(error, context('command')));
        };
        const onReady = (): void => finish();
        const onEnd = (): void => finish(specific ?? last ?? new Error(CONNECTION_CLOSED));
        const timer = setTimeout(() => finish(specific ?? last ?? new Error(CONNECTION_CLOSED)), timeoutMs);
        client.on('ready', onReady);
        client.on('end', onEnd);
        if (client.status === 'end') onEnd();
      });
    },
    close() {
      closing ??= (async () => {
        if (client.status === 'end') return;
        const bounded = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
        // QUIT answers before the socket is gone; 'end' says it is, so callers may rely on it.
        const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
        await Promise.race([client.quit().then(() => undefined, () => undefined), bounded()]);
        client.disconnect();
        // A fresh read: TypeScript would keep the narrowing from the check above across awaits.
        const statusNow: string = client.status;
        if (statusNow !== 'end') await Promise.race([ended, bounded()]);
      })();
      return closing;
    },
  };
}
