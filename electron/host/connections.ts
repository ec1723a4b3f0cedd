/**
 * Saved connections (dataDir/connections.json): a name and a URL, never a secret — a password
 * comes from the environment variable the connection names, which must be one the host was
 * started to allow. Testing one connects, reads INFO and disconnects, and reports a classified,
 * actionable message instead of throwing (a refused password variable is a bad request).
 */
import { join } from 'node:path';
import { checkPasswordEnv, connectTarget, parseTarget, redactUrl } from '../../simulator/node/redis';
import type { PasswordEnv, Target } from '../../simulator/node/redis';
import { messageOf, ServiceError } from './errors';
import { readJson, writeJson } from './files';
import type { Connection, ConnectionInput } from '../common';

const MAX_CONNECTIONS = 100;

/** A saved connection ready for a run: its password variable allowed, and that variable's value. */
export interface UsableConnection {
  url: string;
  passwordEnv?: string;
  allowNonEmpty: boolean;
  allowEvictionRisk: boolean;
  passwords: PasswordEnv;
}

export class Connections {
  private readonly file: string;

  /** `passwords` gives the allow-list and the allowed variables' current values. */
  constructor(dataDir: string, private readonly passwords: () => PasswordEnv) {
    this.file = join(dataDir, 'connections.json');
  }

  async list(): Promise<Connection[]> {
    const saved = await readJson<ConnectionInput[]>(this.file, []);
    return saved.map((connection) => ({ ...connection, allowNonEmpty: connection.allowNonEmpty ?? false, allowEvictionRisk: connection.allowEvictionRisk ?? false }));
  }

  async get(id: string): Promise<Connection> {
    const found = (await this.list()).find((connection) => connection.id === id);
    if (!found) throw new ServiceError('not-found', `No saved connection "${id}"`);
    return found;
  }

  /** A saved connection for a run, refused (bad-input) when it names a password variable that is not allowed. */
  async usable(id: string): Promise<UsableConnection> {
    const saved = await this.get(id);
    const passwords = this.passwords();
    allowOrRefuse(targetOf(saved.url, saved.passwordEnv), passwords);
    return { url: saved.url, passwordEnv: saved.passwordEnv, allowNonEmpty: saved.allowNonEmpty, allowEvictionRisk: saved.allowEvictionRisk, passwords };
  }

  /** Validates the URL, refuses one with a password in it or a password variable that is not allowed, and upserts by id. */
  async save(connection: ConnectionInput): Promise<Connection> {
    let target;
    try {
      target = parseTarget(connection.url);
    } catch (error) {
      throw new ServiceError('bad-input', messageOf(error));
    }
    if (target.password !== undefined) {
      throw new ServiceError('bad-input', `The URL ${redactUrl(connection.url)} holds a password; connections are saved without secrets. Remove it from the URL, put it in an environment variable and name that variable in passwordEnv (e.g. REDIS_PASSWORD).`);
    }
    if (target.passwordEnv !== undefined && connection.passwordEnv !== undefined && target.passwordEnv !== connection.passwordEnv) {
      throw new ServiceError('bad-input', `The URL names passwordEnv=${target.passwordEnv} but the connection names ${connection.passwordEnv}; keep one`);
    }
    allowOrRefuse(targetOf(connection.url, connection.passwordEnv), this.passwords());
    const saved: Connection = {
      id: connection.id, name: connection.name, url: connection.url.trim(),
      ...(connection.passwordEnv ? { passwordEnv: connection.passwordEnv } : {}),
      allowNonEmpty: connection.allowNonEmpty ?? false,
      allowEvictionRisk: connection.allowEvictionRisk ?? false,
    };
    const list = (await this.list()).filter((c) => c.id !== saved.id);
    if (list.length >= MAX_CONNECTIONS) throw new ServiceError('bad-input', `At most ${MAX_CONNECTIONS} connections are saved; delete one first`);
    list.push(saved);
    await writeJson(this.file, list);
    return saved;
  }

  async test(url: string, passwordEnv: string | undefined): Promise<{ ok: boolean; message: string; version: string | null }> {
    let target: Target;
    try {
      target = targetOf(url, passwordEnv);
    } catch (error) {
      return { ok: false, message: messageOf(error), version: null };
    }
    if (target.password !== undefined) {
      return { ok: false, message: 'The URL holds a password; name an environment variable in passwordEnv instead', version: null };
    }
    // A refused variable is the request's fault, not the server's: the call fails (400 in browser mode).
    const passwords = this.passwords();
    allowOrRefuse(target, passwords);
    let connection;
    try {
      connection = await connectTarget(target, { passwords });
    } catch (error) {
      return { ok: false, message: messageOf(error), version: null };
    }
    try {
      const info = String(await connection.client.info('server'));
      const version = /^redis_version:(.*?)\r?$/m.exec(info)?.[1] ?? null;
      return { ok: true, message: `Connected to ${connection.description}${version ? ` (Redis ${version})` : ''}`, version };
    } catch (error) {
      return { ok: false, message: connection.classify(error).message, version: null };
    } finally {
      await connection.close();
    }
  }
}

/** The target of `url`, with `passwordEnv` (when given) in place of the URL's own; a ServiceError when it does not parse. */
function targetOf(url: string, passwordEnv: string | undefined): Target {
  try {
    const parsed = parseTarget(url);
    return passwordEnv ? parseTarget({ ...parsed, passwordEnv }) : parsed;
  } catch (error) {
    throw new ServiceError('bad-input', messageOf(error));
  }
}

/** Refuses (bad-input) a target whose password variable the host was not started to allow. */
function allowOrRefuse(target: Target, passwords: PasswordEnv): void {
  try {
    checkPasswordEnv(target, passwords);
  } catch (error) {
    throw new ServiceError('bad-input', messageOf(error));
  }
}
