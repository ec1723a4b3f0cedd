/**
 * `keyspace capture`: records a server's traffic with MONITOR into a file, byte for byte as the
 * server formats it (the wire form's "+" dropped, one line per command, as redis-cli prints it).
 * A raw connection, not a client library: libraries re-split MONITOR lines and lose arguments
 * holding `" "`. Stops after the duration, at a size limit, when the signal fires (Ctrl-C) or when
 * the server closes the connection; the file is always flushed and closed.
 *
 * MONITOR costs the server: every command is formatted and written to the monitoring client, which
 * can halve throughput on a busy server. Capture from a dev or staging server, briefly.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describeTarget, loadTls, parseTarget, resolvePassword } from '../redis';
import type { PasswordEnv } from '../redis';

export const MONITOR_COST_WARNING =
  'MONITOR makes the server format and send every command it runs to this client; on a busy server it can halve throughput. Capture from a dev or staging server, for a short time.';

export interface CaptureOptions {
  /** redis://, rediss:// or unix:// URL of one server (MONITOR sees one node). */
  url: string;
  durationMs: number;
  out: string;
  /** Stop once this many bytes are written (default: no limit). */
  maxBytes?: number;
  /** The only environment variables the URL's passwordEnv may name, with their values (default: none). */
  passwords?: PasswordEnv;
  signal?: AbortSignal;
  /** Called about once a second with the lines written so far. */
  onProgress?: (lines: number, bytes: number) => void;
}

export interface CaptureResult {
  lines: number;
  bytes: number;
  stoppedBy: 'duration' | 'signal' | 'size' | 'server closed';
  description: string;
}

function command(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

async function open(options: CaptureOptions): Promise<{ socket: Socket; description: string; auth: string[] | null }> {
  const target = parseTarget(options.url);
  if (target.kind !== 'standalone' && target.kind !== 'unix') {
    throw new Error(`MONITOR records one server; give one node's redis:// URL rather than a ${target.kind} URL`);
  }
  const password = resolvePassword(target, options.passwords);
  const auth = password !== undefined ? (target.username ? ['AUTH', target.username, password] : ['AUTH', password]) : null;
  let socket: Socket;
  if (target.kind === 'unix') socket = netConnect({ path: target.path });
  else if (target.tls) socket = tlsConnect({ host: target.host, port: target.port, ...(await loadTls(target.tls)) });
  else socket = netConnect({ host: target.host, port: target.port });
  const connected = target.kind !== 'unix' && target.tls ? 'secureConnect' : 'connect';
  await Promise.race([
    once(socket, connected),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no connection to ${describeTarget(target)} within ${target.connectTimeoutMs} ms`)), target.connectTimeoutMs).unref()),
  ]).catch((error: unknown) => {
    socket.destroy();
    throw error instanceof Error ? new Error(`cannot connect to ${describeTarget(target)}: ${error.message}`) : error;
  });
  return { socket, description: describeTarget(target), auth };
}

/** Records MONITOR output into `options.out` until a stop condition (see the file comment). */
export async function captureMonitor(options: CaptureOptions): Promise<CaptureResult> {
  const { socket, description, auth } = await open(options);
  const file: WriteStream = createWriteStream(options.out);
  let lines = 0;
  let bytes = 0;
  let stoppedBy: CaptureResult['stoppedBy'] = 'server closed';
  let replies = auth ? 2 : 1; // +OK for AUTH and MONITOR
  let carry = Buffer.alloc(0);
  let failure: Error | null = null;

  const done = new Promise<void>((resolve) => {
    const finish = (reason: CaptureResult['stoppedBy']): void => {
      if (stoppedBy === 'server closed' && reason !== 'server closed') stoppedBy = reason;
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(() => finish('duration'), options.durationMs);
    const progress = setInterval(() => options.onProgress?.(lines, bytes), 1000);
    const onAbort = (): void => finish('signal');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    socket.on('close', () => {
      clearTimeout(timer);
      clearInterval(progress);
      options.signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    socket.on('error', (error) => {
      failure ??= error;
      finish('server closed');
    });
    socket.on('data', (chunk: Buffer) => {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      const out: Buffer[] = [];
      for (;;) {
        const end = data.indexOf('\r\n', start);
        if (end < 0) break;
        const line = data.subarray(start, end);
        start = end + 2;
        if (line[0] === 0x2d /* - */) {
          failure ??= new Error(`the server refused: ${line.subarray(1).toString()}`);
          finish('server closed');
          return;
        }
        if (replies > 0) {
          replies--;
          continue;
        }
        const text = line[0] === 0x2b /* + */ ? line.subarray(1) : line;
        out.push(text, NEWLINE);
        lines++;
        bytes += text.length + 1;
      }
      carry = Buffer.from(data.subarray(start));
      if (out.length > 0 && !file.write(Buffer.concat(out))) {
        socket.pause();
        file.once('drain', () => socket.resume());
      }
      if (options.maxBytes !== undefined && bytes >= options.maxBytes) finish('size');
    });
  });
  if (auth) socket.write(command(...auth));
  socket.write(command('MONITOR'));
  await done;
  file.end();
  await once(file, 'close');
  if (failure && lines === 0) throw new Error(`capture from ${description} failed: ${(failure as Error).message}`);
  return { lines, bytes, stoppedBy, description };
}

const NEWLINE = Buffer.from('\n');
