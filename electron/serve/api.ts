/**
 * `POST /api/<method>`: the JSON body is the method's input; the answer is an envelope,
 * `{ ok: true, value }` or `{ ok: false, error: { code, message } }`, never a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMethod, toErrorEnvelope, WorkbenchError } from '../common';
import type { CallEnvelope } from '../common';
import { dispatch } from '../common';
import type { HostHandlers } from '../common';
import type { ClientLimits } from './client-limits';

/** uploadTrace carries up to 64 MB of text; JSON escaping can grow it. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;

const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  'bad-input': 400, 'bad-design': 422, 'not-found': 404, forbidden: 403, 'too-large': 413, busy: 429, unavailable: 503, internal: 500,
};

function tooLarge(limit: number): WorkbenchError {
  return new WorkbenchError('too-large', `The request body exceeds ${limit / 1024 / 1024} MB`);
}

/**
 * The body as text, up to `limit` bytes. Over it (by Content-Length, or while it streams in) the
 * promise rejects at once and the rest of the body is read and dropped, so the client gets the
 * 413 instead of a reset connection; a sender that goes on past 4× the limit is cut off.
 */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = Number.isFinite(declared) && declared > limit;
    if (refused) reject(tooLarge(limit));
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > 4 * limit) request.destroy();
        return;
      }
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

/** `who`: whom the caps count the call against (a participant, or the token holder's address). */
export async function handleApi(request: IncomingMessage, response: ServerResponse, name: string, handlers: HostHandlers, headers: Record<string, string>, limits?: ClientLimits, who = request.socket.remoteAddress ?? ''): Promise<void> {
  const fail = (status: number, code: string, message: string): void =>
    sendJson(response, status, { ok: false, error: { code, message } } satisfies CallEnvelope<never>, headers);
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    fail(405, 'method-not-allowed', `${request.method ?? '?'} /api/${name}: the API takes POST with a JSON body`);
    return;
  }
  if (!isMethod(name)) {
    fail(404, 'not-found', `No API method "${name}"`);
    return;
  }
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    fail(415, 'unsupported-media-type', 'Send the input as JSON (Content-Type: application/json)');
    return;
  }
  let raw: unknown;
  try {
    const body = await readBody(request, MAX_BODY_BYTES);
    raw = body.trim() === '' ? {} : JSON.parse(body);
  } catch (error) {
    if (error instanceof WorkbenchError) {
      response.setHeader('Connection', 'close');
      fail(413, error.code, error.message);
    }
    else fail(400, 'bad-input', `${name}: the body is not valid JSON`);
    return;
  }
  try {
    limits?.check(who, name, raw);
    const value = await dispatch(handlers, name, raw);
    limits?.record(who, name, raw, value);
    sendJson(response, 200, { ok: true, value }, headers);
  } catch (error) {
    const envelope = toErrorEnvelope(error);
    sendJson(response, STATUS_OF_CODE[envelope.error.code] ?? 500, envelope, headers);
  }
}
