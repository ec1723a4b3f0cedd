/**
 * For tests: a TCP listener on 127.0.0.1 that records every byte it receives and answers like a
 * Redis whose password is something else — AUTH gets WRONGPASS, any other command NOAUTH — so a
 * client fails fast instead of waiting. Tests assert on what a client sent (e.g. that a secret
 * never left the process).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';

export interface RecordingRedis {
  readonly port: number;
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** Everything received on every connection so far, as latin1 text. */
  received(): string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** The next complete RESP command in `buffer` as its byte length and its first word, or null. */
function nextCommand(buffer: Buffer): { length: number; name: string } | null {
  let at = 0;
  const line = (): string | null => {
    const end = buffer.indexOf('\r\n', at);
    if (end === -1) return null;
    const text = buffer.toString('latin1', at, end);
    at = end + 2;
    return text;
  };
  const header = line();
  if (header === null) return null;
  if (!header.startsWith('*')) return { length: at, name: header.split(' ')[0] ?? '' }; // an inline command
  let name = '';
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const size = line();
    if (size === null) return null;
    const end = at + Number(size.slice(1));
    if (buffer.length < end + 2) return null;
    if (i === 0) name = buffer.toString('latin1', at, end);
    at = end + 2;
  }
  return { length: at, name };
}

export async function startRecordingRedis(): Promise<RecordingRedis> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (let command = nextCommand(pending); command; command = nextCommand(pending)) {
        pending = pending.subarray(command.length);
        socket.write(command.name.toUpperCase() === 'AUTH'
          ? '-WRONGPASS invalid username-password pair or user is disabled.\r\n'
          : '-NOAUTH Authentication required.\r\n');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    received: () => Buffer.concat(chunks).toString('latin1'),
    connections: () => accepted,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * Two canary variables for secret tests: KW_TEST_SECRET (never to be sent) and KW_TEST_ALLOWED,
 * each with a random value, set in this process's environment by install() and removed again.
 */
export function canaryVariables(): { secret: string; allowed: string; install(): void; remove(): void } {
  const secret = `canary-secret-${randomBytes(6).toString('hex')}`;
  const allowed = `canary-allowed-${randomBytes(6).toString('hex')}`;
  return {
    secret,
    allowed,
    install() {
      process.env.KW_TEST_SECRET = secret;
      process.env.KW_TEST_ALLOWED = allowed;
    },
    remove() {
      delete process.env.KW_TEST_SECRET;
      delete process.env.KW_TEST_ALLOWED;
    },
  };
}
