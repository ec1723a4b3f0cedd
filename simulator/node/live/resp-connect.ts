/**
 * Opening a RESP pipeline's connection: the socket (TCP, TLS or unix), then AUTH, SELECT,
 * CLIENT SETNAME and PING sent through the pipe itself, all within one deadline. It settles
 * once: with the pipe when PING is answered, or with the first error (the server's reply, the
 * socket's error, its close, the deadline), the socket destroyed.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ReplyListener } from './resp-reply';
import { CONNECTION_CLOSED } from '../redis';
import { lostReason, REPLY_ERROR, REPLY_LOST } from './resp-reply';

export interface RespPipelineOptions {
  host?: string;
  port?: number;
  /** A unix socket path instead of host:port. */
  path?: string;
  tls?: ConnectionOptions;
  username?: string;
  password?: string;
  db?: number;
  connectionName?: string;
  connectTimeoutMs?: number;
  /** Milliseconds, monotonic (default performance.now). */
  clock?: () => number;
}

/** Thrown by connect(): the server's error reply, or the socket's error (with its code). */
export class RespConnectError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'RespConnectError';
  }
}

/** What the handshake needs of the pipe it runs on. */
export interface HandshakePipe {
  readonly replyText: string;
  readonly closeError: Error | undefined;
  command(op: number, id: number, arg: number, argv: ReadonlyArray<string | number | Buffer>): void;
  flush(): void;
}

/** The tag of the handshake's commands (the caller's own tags are below it). */
const OP_HANDSHAKE = 255;

/**
 * Opens the socket, builds the pipe on it with `open` (its listener: the handshake's), and runs
 * the handshake; resolves with the pipe, or rejects with the server's or the socket's error.
 */
export function connectResp<P extends HandshakePipe>(options: RespPipelineOptions, open: (socket: Socket, handshake: ReplyListener) => P): Promise<P> {
  return new Promise((resolve, reject) => {
    const socket: Socket = options.tls
      ? tlsConnect({ host: options.host, port: options.port, ...options.tls })
      : options.path ? netConnect({ path: options.path }) : netConnect({ host: options.host ?? '127.0.0.1', port: options.port ?? 6379 });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const address = options.path ?? `${options.host}:${options.port}`;
    // Set once connected: the pipe's own reason if it closed the socket itself (a protocol error,
    // i.e. not Redis), and a timeout then means a server that accepts but does not answer.
    let opened: P | undefined;
    const timeoutMs = options.connectTimeoutMs ?? 5000;
    const timer = setTimeout(() => {
      if (opened) {
        fail(new RespConnectError(`Command timed out: ${address} accepted the connection but did not answer its first commands within ${timeoutMs} ms`));
        return;
      }
      fail(new RespConnectError(`connect ETIMEDOUT ${address}`, 'ETIMEDOUT'));
    }, timeoutMs);
    const onError = (error: Error): void => fail(error);
    socket.once('error', onError);
    socket.once('close', () => fail(new RespConnectError(lostReason(opened?.closeError))));
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      let failure: string | undefined;
      let answered = 0;
      let expected = 0;
      const handshake: ReplyListener = {
        onReply: (op, _id, _arg, type) => {
          if (op !== OP_HANDSHAKE) return;
          if (type === REPLY_ERROR) failure ??= pipe.replyText;
          if (type === REPLY_LOST) failure ??= CONNECTION_CLOSED;
          if (++answered < expected) return;
          if (failure !== undefined) {
            fail(new RespConnectError(failure));
            return;
          }
          settled = true;
          clearTimeout(timer);
          // From now on the pipe's own 'error' listener keeps the error as its close reason.
          socket.off('error', onError);
          resolve(pipe);
        },
      };
      const pipe = open(socket, handshake);
      opened = pipe;
      const send = (argv: Array<string | number>): void => {
        pipe.command(OP_HANDSHAKE, 0, 0, argv);
        expected++;
      };
      if (options.password !== undefined) send(options.username ? ['AUTH', options.username, options.password] : ['AUTH', options.password]);
      if (options.db) send(['SELECT', options.db]);
      if (options.connectionName) send(['CLIENT', 'SETNAME', options.connectionName]);
      // PING last: a server that wants a password answers NOAUTH here.
      send(['PING']);
      pipe.flush();
    });
  });
}
