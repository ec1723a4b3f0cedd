/**
 * Browser mode: the same services as the desktop app over HTTP and a WebSocket, on loopback by
 * default. Static files come from the built renderer; `POST /api/<method>` answers envelopes;
 * `/events` streams the contract's events. Every request needs the trainer's token or a
 * participant's seat cookie (room.ts, join.ts), and reaches that caller's own services; API and
 * socket calls must come from the server's own origin; every response carries the security headers.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, createWorkbenchServices, resolveStaticFile } from '../host';
import type { RunQueueLimits, WorkbenchServices } from '../host';
import { contentSecurityPolicy, securityHeaders } from '../common';
import { asHandlers } from '../common';
import { handleApi, sendJson } from './api';
import { allowedHosts, cookieName, cookieValue, originAllowed, tokenSource } from './auth';
import { ClientLimits } from './client-limits';
import type { ClientLimitOptions } from './client-limits';
import { EventsSocket } from './events-socket';
import { handleJoin, seatCookieName, sendJoinPage } from './join';
import { Room } from './room';
import type { RoomTraceLimits, Seat } from './room';
import { newToken } from './token';

export const DEFAULT_PORT = 5174;

export interface ServerOptions {
  /** The built renderer (index.html and assets). */
  staticDir: string;
  /** Default 127.0.0.1; `0.0.0.0` serves a LAN (a workshop room). */
  host?: string;
  /** Default 5174; 0 picks a free port. */
  port?: number;
  /** When the port is busy: false (default) falls back to a free port, true fails. */
  strictPort?: boolean;
  /** Default: the room's token, kept in the data directory (a new one each start without a data directory). */
  token?: string;
  /** Services to serve; by default created here (browser mode) and disposed by close(). */
  services?: WorkbenchServices;
  /** Default: the repository's presets/. */
  presetsDir?: string;
  /** Default: a new temporary directory, removed by close(). */
  dataDir?: string;
  /** Projects, traces and exports stay inside it. Default: the current directory. */
  workspaceDir?: string;
  clock?: () => number;
  redisServerPath?: string;
  /**
   * The bundled run worker (`dist/electron/run-worker.cjs`, from `npm run build:electron`). Without
   * it each run starts a worker that compiles the TypeScript sources first (~0.5 s more to the
   * first snapshot).
   */
  workerFile?: string;
  /** More host names the server answers to (for the origin check), e.g. a LAN DNS name. */
  allowedHosts?: readonly string[];
  /** Environment variables a connection may name as its password (--allow-password-env); default none. */
  allowPasswordEnv?: readonly string[];
  /** Caps per participant (or client address, for the token): managed redis-servers at once. */
  clientLimits?: ClientLimitOptions;
  /** The room's run queue: runs at once in total and per person (more wait their turn). */
  runLimits?: RunQueueLimits;
  /** A room's caps on uploaded traces (each participant's, everyone's together). */
  traceLimits?: RoomTraceLimits;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/?token=…` (loopback even when serving a LAN). */
  url: string;
  token: string;
  /** `http://127.0.0.1:PORT/join?code=…`: participants' way in (null: no room, the services were given). */
  joinUrl: string | null;
  /** The room, when the server has one (its participants, queue and join code). */
  room: Room | null;
  port: number;
  host: string;
  /** True when the asked port was busy and another was taken. */
  fellBack: boolean;
  services: WorkbenchServices;
  close(): Promise<void>;
}

const REPO_PRESETS = fileURLToPath(new URL('../../presets', import.meta.url));

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function refuse(response: ServerResponse, status: 204 | 400 | 401 | 403 | 404 | 405, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'Content-Length': '0', 'Cache-Control': 'no-store', ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}) });
  response.end();
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (!existsSync(join(options.staticDir, 'index.html'))) {
    throw new Error(`${options.staticDir} has no index.html: build the renderer first (npm run build:renderer)`);
  }
  const host = options.host ?? '127.0.0.1';
  const ownDataDir = options.services || options.dataDir ? null : mkdtempSync(join(tmpdir(), 'kw-serve-'));
  const dataDir = options.dataDir ?? ownDataDir;
  const base = {
    presetsDir: options.presetsDir ?? REPO_PRESETS, mode: 'browser' as const, clock: options.clock ?? Date.now,
    redisServerPath: options.redisServerPath, workerFile: options.workerFile, allowPasswordEnv: options.allowPasswordEnv,
  };
  const workspaceDir = options.workspaceDir ?? process.cwd();
  const room = dataDir ? new Room({ dataDir, workspaceDir, base, limits: options.runLimits, traces: options.traceLimits }) : null;
  const token = options.token ?? room?.store.trainerToken ?? newToken();
  const services = options.services ?? room?.trainerServices() ?? createWorkbenchServices({ ...base, dataDir: dataDir as string, workspaceDir });
  const trainer = { handlers: asHandlers(services), events: new EventsSocket(services) };
  const limits = new ClientLimits(options.clientLimits);
  let port = 0;
  let hosts = new Set<string>();

  const headersFor = (request: IncomingMessage): Record<string, string> => {
    const requestHost = request.headers.host?.toLowerCase();
    const socketSource = requestHost && hosts.has(requestHost) ? [`ws://${requestHost}`] : [];
    return securityHeaders(contentSecurityPolicy({ connectSrc: socketSource }));
  };

  /** Who calls: the token's holder (the trainer's services) or a participant (their own seat). */
  const callerOf = (request: IncomingMessage, url: URL): { source: 'query' | 'header' | 'cookie' | 'seat'; seat: Seat | null } | null => {
    const source = tokenSource(request, url, token, port);
    if (source) return { source, seat: null };
    const participant = room?.store.authenticate(cookieValue(request.headers.cookie, seatCookieName(port)));
    return participant ? { source: 'seat', seat: (room as Room).seat(participant) } : null;
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = headersFor(request);
    if (url.pathname === '/join' && room) {
      if (!originAllowed(request, hosts)) return refuse(response, 403, headers);
      handleJoin(request, response, url, room.store, port, headers).catch(() => response.destroy());
      return;
    }
    const caller = callerOf(request, url);
    if (!caller) {
      // A page request with a seat this server does not know: say so, and offer the join form.
      const staleSeat = room && cookieValue(request.headers.cookie, seatCookieName(port)) !== null;
      if (staleSeat && request.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        return sendJoinPage(response, 401, headers, { notice: 'This server does not know your seat (it may have been reset). Re-open the join link the trainer gave you, or type the join code below.' });
      }
      return refuse(response, 401, headers);
    }
    const target = caller.seat ?? trainer;
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!originAllowed(request, hosts)) return refuse(response, 403, headers);
      const who = caller.seat ? `seat:${caller.seat.participant.id}` : request.socket.remoteAddress ?? '';
      handleApi(request, response, url.pathname.slice('/api/'.length), target.handlers, headers, limits, who).catch(() => {
        if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'The request failed' } }, headers);
        else response.destroy();
      });
      return;
    }
    if (url.pathname === '/events') return refuse(response, 400, headers);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return refuse(response, 405, headers);
    }
    const found = resolveStaticFile(options.staticDir, url.pathname);
    if (found.kind === 'not-found' && url.pathname === '/favicon.ico') return refuse(response, 204, headers); // browsers ask unprompted
    if (found.kind !== 'file') return refuse(response, found.kind === 'bad-request' ? 400 : 404, headers);
    const extra: Record<string, string> = { 'Content-Type': contentTypeOf(found.path), 'Cache-Control': 'no-cache' };
    // The page was opened with ?token=…: its scripts, styles and workers load with the cookie.
    if (caller.source === 'query') extra['Set-Cookie'] = `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    response.writeHead(200, { ...headers, ...extra });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(found.path).on('error', () => response.destroy()).pipe(response);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/events') return refuseUpgrade(socket, 404, 'Not Found');
    const caller = callerOf(request, url);
    if (!caller) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (!originAllowed(request, hosts)) return refuseUpgrade(socket, 403, 'Forbidden');
    (caller.seat ?? trainer).events.accept(request, socket, head);
  });

  const wanted = options.port ?? DEFAULT_PORT;
  let fellBack = false;
  try {
    await listen(server, wanted, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.strictPort || wanted === 0) {
      trainer.events.close();
      if (!options.services) await services.dispose();
      await room?.close();
      throw error;
    }
    await listen(server, 0, host);
    fellBack = true;
  }
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port, options.allowedHosts);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    joinUrl: room ? `http://${urlHost}:${port}/join?code=${room.store.joinCode}` : null,
    token, port, host, fellBack, services, room,
    close: () => (closing ??= (async () => {
      trainer.events.close();
      room?.closeEvents();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!options.services) await services.dispose();
      await room?.close();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    })()),
  };
}
