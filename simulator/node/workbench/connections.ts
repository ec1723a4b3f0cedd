/**
 * Saved connections (dataDir/connections.json): a name and a URL, never a secret — a password
 * comes from the environment variable the connection names. Testing one connects, reads INFO and
 * disconnects, and reports a classified, actionable message instead of throwing.
 */
import { join } from 'node:path';
import { connectTarget, parseTarget, redactUrl } from '../redis';
import { messageOf, ServiceError } from './errors';
import { readJson, writeJson } from './files';
import type { Connection, ConnectionInput } from './types';

const MAX_CONNECTIONS = 100;

export class Connections {
  private readonly file: string;

  constructor(dataDir: string, private readonly env: NodeJS.ProcessEnv) {
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

  /** Validates the URL, refuses one with a password in it, and upserts by id. */
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
    let connection;
    try {
      const target = parseTarget(url);
      if (target.password !== undefined) {
        return { ok: false, message: 'The URL holds a password; name an environment variable in passwordEnv instead', version: null };
      }
      connection = await connectTarget(passwordEnv ? { ...target, passwordEnv } : target, { env: this.env });
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
