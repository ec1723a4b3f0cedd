/**
 * Joining a room: `GET /join?code=…` is a small form (the code, and a display name); posting it
 * with the room's code gives the browser a seat cookie (HttpOnly, SameSite=Strict, kept a week)
 * and sends it to the app. The same form, with a notice, answers a page request whose seat cookie
 * this server does not know. The pages run no script; their policy allows only this form.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JoinError } from './participants';
import type { ParticipantStore } from './participants';

const FORM_MAX_BYTES = 4096;
const SEAT_MAX_AGE_S = 7 * 24 * 3600;
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function seatCookieName(port: number): string {
  return `kw_seat_${port}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface JoinPageOptions {
  code?: string;
  name?: string;
  /** Shown above the form, e.g. why the code was refused. */
  notice?: string;
}

export function joinPageHtml(options: JoinPageOptions = {}): string {
  const notice = options.notice ? `<p role="alert" class="notice">${escapeHtml(options.notice)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Join the room · Keyspace Workbench</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1d2330}
label{display:block;margin:1rem 0 .25rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1.25rem;padding:.45rem 1.2rem}.notice{background:#fff4d6;border:1px solid #e0b54a;padding:.6rem .8rem}</style>
</head><body><main><h1>Join the room</h1>${notice}
<p>Your designs, runs and connections on this server are your own; the trainer's link and code bring you here.</p>
<form method="post" action="/join">
<label for="code">Join code</label><input id="code" name="code" required autocomplete="off" value="${escapeHtml(options.code ?? '')}">
<label for="name">Your name</label><input id="name" name="name" required maxlength="60" autocomplete="name" value="${escapeHtml(options.name ?? '')}">
<button type="submit">Join</button>
</form></main></body></html>`;
}

export function sendJoinPage(response: ServerResponse, status: 200 | 400 | 401 | 403, headers: Record<string, string>, options: JoinPageOptions = {}): void {
  const body = joinPageHtml(options);
  response.writeHead(status, {
    ...headers, 'Content-Security-Policy': PAGE_CSP, 'Referrer-Policy': 'same-origin',
    'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store',
  });
  response.end(body);
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FORM_MAX_BYTES) {
        request.destroy();
        reject(new JoinError('The form is too large.'));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

/** `GET /join` shows the form; `POST /join` (form-encoded code and name) gives a seat and goes to the app. */
export async function handleJoin(request: IncomingMessage, response: ServerResponse, url: URL, store: ParticipantStore, port: number, headers: Record<string, string>): Promise<void> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    sendJoinPage(response, 200, headers, { code: url.searchParams.get('code') ?? '' });
    return;
  }
  if (request.method !== 'POST' || !/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
    sendJoinPage(response, 400, headers, { notice: 'Join with the form below.' });
    return;
  }
  let form: URLSearchParams;
  try {
    form = await readForm(request);
  } catch (error) {
    if (!response.headersSent && !request.destroyed) sendJoinPage(response, 400, headers, { notice: (error as Error).message });
    return;
  }
  const code = form.get('code') ?? '';
  const name = form.get('name') ?? '';
  try {
    const { cookie } = store.join(code, name);
    response.writeHead(303, {
      ...headers, Location: '/', 'Content-Length': '0', 'Cache-Control': 'no-store',
      'Set-Cookie': `${seatCookieName(port)}=${encodeURIComponent(cookie)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SEAT_MAX_AGE_S}`,
    });
    response.end();
  } catch (error) {
    if (!(error instanceof JoinError)) throw error;
    sendJoinPage(response, 403, headers, { code, name, notice: error.message });
  }
}
