/**
 * Who may talk to the browser-mode server: requests carrying the trainer's token (query `token=`,
 * header `Authorization: Bearer …`, or the cookie set when the page was opened with the token) or
 * a participant's seat cookie (join.ts), and — for the API and the event socket — only from the
 * server's own origin.
 */
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { tokenMatches } from './token';

export function cookieName(port: number): string {
  return `kw_token_${port}`;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Where the request's token came from, if it carries the right one. */
export function tokenSource(request: IncomingMessage, url: URL, token: string, port: number): 'query' | 'header' | 'cookie' | null {
  if (tokenMatches(token, url.searchParams.get('token'))) return 'query';
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ') && tokenMatches(token, authorization.slice('Bearer '.length).trim())) return 'header';
  if (tokenMatches(token, cookieValue(request.headers.cookie, cookieName(port)))) return 'cookie';
  return null;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

function withPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `host:port` names this server answers to (DNS-rebinding guard for the origin check). */
export function allowedHosts(boundHost: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '::1', ...extra]);
  if (WILDCARDS.has(boundHost)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.address);
    }
    names.add(hostname());
    names.add(`${hostname()}.local`);
  } else {
    names.add(boundHost);
  }
  return new Set([...names].map((name) => withPort(name.toLowerCase(), port)));
}

/**
 * True when a request may reach the API or the socket: no Origin (not a browser page), or an
 * Origin equal to this server's own (`http://` + its Host header, a name it answers to).
 */
export function originAllowed(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const host = request.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return false;
  return origin.toLowerCase() === `http://${host}`;
}
