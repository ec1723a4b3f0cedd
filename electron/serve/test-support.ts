/**
 * Helpers for this folder's tests (no test-framework imports, so it type-checks with the code):
 * raw HTTP requests to a running browser-mode server, and API calls carrying its token.
 */
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../host/test-support';
import { startServer } from './server';
import type { RunningServer, ServerOptions } from './server';

/** What a refusal's message must not hold: stack lines, JS internals, an unsafe integer echoed. */
export const LEAK = /^\s+at |node:internal|\[object Object\]|native code|9007199254740991|TypeError|ReferenceError/m;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (paths are sent as written, `..` included). */
export function call(server: RunningServer, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `POST /api/<method>` with the token, as the UI sends it. */
export function api(server: RunningServer, method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return call(server, `/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers },
    body: JSON.stringify(input),
  });
}

/** Joins through the form, as a browser posts it; returns the seat cookie header (`name=value`). */
export async function joinRoom(server: RunningServer, name: string, code = server.room?.store.joinCode ?? ''): Promise<string> {
  const reply = await call(server, '/join', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code, name }).toString(),
  });
  const setCookie = String(reply.headers['set-cookie']);
  if (reply.status !== 303 || reply.headers.location !== '/' || !/HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+/.test(setCookie)) {
    throw new Error(`joining as ${name}: ${reply.status} ${setCookie}`);
  }
  return setCookie.split(';')[0];
}

/** An API call as a participant's page makes it: the seat cookie, no token. */
export async function seatApi<T>(server: RunningServer, cookie: string, method: string, input: unknown = {}, headers: Record<string, string> = {}): Promise<{ status: number; value: T; body: string }> {
  const reply = await call(server, `/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body: JSON.stringify(input) });
  return { status: reply.status, body: reply.body, value: reply.status === 200 ? (JSON.parse(reply.body) as { value: T }).value : (undefined as T) };
}

/** A browser-mode server on a free port with a one-page renderer, in a fresh temp root. */
export async function startBareServer(options: Partial<ServerOptions> = {}): Promise<{ server: RunningServer; root: string }> {
  const root = tempDir('kw-serve-');
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Keyspace Workbench</title>');
  const server = await startServer({ staticDir, port: 0, workspaceDir: tempDir(), ...options });
  return { server, root };
}
