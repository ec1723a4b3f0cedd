/**
 * The `/events` WebSocket: every contract event as `{ event, payload }` JSON. Snapshots are
 * skipped for a client that cannot keep up (its send buffer is full); the end of a run never is.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { WorkbenchServices } from '../host';

const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;
const DROPPABLE = new Set(['onDidRunSnapshot', 'onDidRunProgress']);

export class EventsSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly unsubscribe: () => void;

  /** `onOpen`: a page connected (after its socket is set up, so what is emitted then reaches it). */
  constructor(services: WorkbenchServices, onOpen?: () => void) {
    this.unsubscribe = services.subscribe((event, payload) => {
      if (this.wss.clients.size === 0) return;
      const text = JSON.stringify({ event, payload });
      for (const client of this.wss.clients) {
        if (client.readyState !== client.OPEN) continue;
        if (DROPPABLE.has(event) && client.bufferedAmount > SLOW_CLIENT_BYTES) continue;
        client.send(text);
      }
    });
    // The socket only talks one way; anything a client sends is ignored. A frame over maxPayload,
    // a bad frame or a reset is the 'error' of that socket alone: it is closed, the server lives.
    this.wss.on('connection', (socket: WebSocket) => {
      socket.on('message', () => undefined);
      socket.on('error', () => socket.terminate());
      onOpen?.();
    });
    this.wss.on('error', () => undefined);
  }

  /** Pages listening now (open sockets). */
  get listeners(): number {
    let open = 0;
    for (const client of this.wss.clients) if (client.readyState === client.OPEN) open += 1;
    return open;
  }

  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  close(): void {
    this.unsubscribe();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
