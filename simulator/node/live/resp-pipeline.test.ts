import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagedRedis, type ManagedRedis } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { KeyCodec } from './keys';
import {
  REPLY_ARRAY, REPLY_BULK, REPLY_ERROR, REPLY_INTEGER, REPLY_LOST, REPLY_NIL, REPLY_STATUS, RespConnectError, RespPipeline,
  type ReplyListener,
} from './resp-pipeline';
import { ValueSource } from './values';

interface Seen {
  op: number;
  id: number;
  type: number;
  value: number;
  version: number;
  text: string;
  array: unknown;
}

/** A listener that records every reply, reading the pipe's side fields during the callback. */
function recorder(): { listener: ReplyListener; seen: Seen[]; attach(pipe: RespPipeline): void } {
  const seen: Seen[] = [];
  let pipe: RespPipeline | undefined;
  return {
    seen,
    attach: (p) => {
      pipe = p;
    },
    listener: {
      onReply: (op, id, _arg, type, value) => {
        seen.push({
          op, id, type, value,
          version: type === REPLY_BULK ? pipe?.peekVersion ?? -1 : -1,
          text: type === REPLY_ERROR || type === REPLY_LOST ? pipe?.replyText ?? '' : '',
          array: type === REPLY_ARRAY ? pipe?.replyArray : undefined,
        });
      },
    },
  };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A fake server: PONG to the handshake's PING, then `answer` for each later chunk of commands. */
async function fakeServer(answer: (socket: Socket, request: number) => void): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets: Socket[] = [];
  const fake: Server = createServer((socket) => {
    sockets.push(socket);
    let requests = 0;
    socket.on('data', () => {
      if (++requests === 1) socket.write('+PONG\r\n');
      else answer(socket, requests - 1);
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return {
    port: (fake.address() as { port: number }).port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    },
  };
}

let server: ManagedRedis;
let secured: ManagedRedis;
const keys = new KeyCodec('t:', ['item:{id}', 'room:{{room}}:log']);
const values = new ValueSource(7);

beforeAll(async () => {
  [server, secured] = await Promise.all([startManagedRedis(), startManagedRedis({ requirepass: 's3cret' })]);
});

afterAll(async () => {
  await Promise.all([server.stop(), secured.stop()]);
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('RespPipeline', () => {
  it('answers GET, SET, DEL and arbitrary commands in order, with the stored version of each value', async () => {
    const rec = recorder();
    const pipe = await RespPipeline.connect({ port: server.port }, rec.listener);
    rec.attach(pipe);
    pipe.set(1, 10, 0, keys, 0, 10, values, 1000, 42, 60_000);
    pipe.set(1, 11, 0, keys, 1, 3, values, 5, 0xdeadbeef, 0);
    pipe.set(1, 12, 0, keys, 0, 12, values, 3, 7, 0);
    pipe.get(2, 10, 0, keys, 0, 10);
    pipe.get(2, 11, 0, keys, 1, 3);
    pipe.get(2, 99, 0, keys, 0, 99);
    pipe.command(3, 0, 0, ['PTTL', 't:item:10']);
    pipe.command(3, 0, 0, ['INCR', 't:room:{3}:log']);
    pipe.command(3, 0, 0, ['SCAN', 0, 'MATCH', 't:item:*', 'COUNT', 100]);
    pipe.del(4, 10, 0, keys, 0, 10);
    pipe.del(4, 10, 0, keys, 0, 10, true);
    expect(pipe.inFlight).toBe(11);
    pipe.flush();
    await until(() => rec.seen.length === 11);
    expect(pipe.inFlight).toBe(0);
    expect(rec.seen.map((s) => s.type)).toEqual([
      REPLY_STATUS, REPLY_STATUS, REPLY_STATUS, REPLY_BULK, REPLY_BULK, REPLY_NIL, REPLY_INTEGER, REPLY_ERROR, REPLY_ARRAY, REPLY_INTEGER, REPLY_INTEGER,
    ]);
    expect(rec.seen[3]).toMatchObject({ op: 2, id: 10, value: 1000, version: 42 });
    expect(rec.seen[4]).toMatchObject({ value: 5, version: 0xdeadbeef });
    expect(rec.seen[6].value).toBeGreaterThan(59_000);
    expect(rec.seen[7].text).toMatch(/^ERR value is not an integer/);
    const [cursor, found] = rec.seen[8].array as [Buffer, Buffer[]];
    expect(cursor.toString()).toBe('0');
    expect(found.map(String).sort()).toEqual(['t:item:10', 't:item:12']);
    expect(rec.seen[9].value).toBe(1);
    expect(rec.seen[10].value).toBe(0);
    pipe.close();
  });

  it('keeps every reply intact across socket chunks, values from 1 byte to 300 KB', async () => {
    const rec = recorder();
    const pipe = await RespPipeline.connect({ port: server.port }, rec.listener);
    rec.attach(pipe);
    const sizes = [1, 2, 4, 5, 6, 44, 45, 1000, 16_383, 16_384, 65_537, 300_000];
    for (let round = 0; round < 20; round++) {
      sizes.forEach((size, i) => pipe.set(1, i, 0, keys, 0, 1000 + i, values, size, round * 100 + i, 0));
      sizes.forEach((_size, i) => pipe.get(2, i, 0, keys, 0, 1000 + i));
      pipe.flush();
    }
    await until(() => rec.seen.length === 20 * sizes.length * 2, 10_000);
    const gets = rec.seen.filter((s) => s.op === 2);
    gets.forEach((s, n) => {
      const round = Math.floor(n / sizes.length);
      const i = n % sizes.length;
      expect(s.type).toBe(REPLY_BULK);
      expect(s.value).toBe(sizes[i]);
      const version = round * 100 + i;
      const kept = Math.min(5, sizes[i]) - 1;
      expect(s.version).toBe(kept >= 4 ? version : version & ((1 << (8 * kept)) - 1));
    });
    pipe.close();
  });

  it('parses replies cut at every byte boundary', async () => {
    // A fake server that answers a fixed reply stream one byte per write.
    const stream = Buffer.from([
      '+OK\r\n', '$-1\r\n', ':12345\r\n', '-ERR boom\r\n', `$7\r\n\xfe\x05\x00\x00\x00ab\r\n`,
      '*2\r\n$1\r\n0\r\n*1\r\n$3\r\nkey\r\n', '$0\r\n\r\n', '*-1\r\n', '+PONG\r\n',
    ].join(''), 'latin1');
    const fake = await fakeServer((socket, request) => {
      if (request > 1) return;
      let i = 0;
      const next = (): void => {
        if (i >= stream.length || socket.destroyed) return;
        socket.write(stream.subarray(i, i + 1));
        i++;
        setImmediate(next);
      };
      next();
    });
    const rec = recorder();
    const pipe = await RespPipeline.connect({ port: fake.port }, rec.listener);
    rec.attach(pipe);
    for (let i = 0; i < 9; i++) pipe.command(9, i, 0, ['PING']);
    pipe.flush();
    await until(() => rec.seen.length === 9);
    expect(rec.seen.map((s) => s.type)).toEqual([REPLY_STATUS, REPLY_NIL, REPLY_INTEGER, REPLY_ERROR, REPLY_BULK, REPLY_ARRAY, REPLY_BULK, REPLY_NIL, REPLY_STATUS]);
    rec.seen.shift();
    expect(rec.seen[1].value).toBe(12345);
    expect(rec.seen[2].text).toBe('ERR boom');
    expect(rec.seen[3]).toMatchObject({ value: 7, version: 5 });
    expect((rec.seen[4].array as unknown[]).length).toBe(2);
    expect(rec.seen[5].value).toBe(0);
    pipe.close();
    await fake.stop();
  });

  it('reads nothing after a reply that is not RESP2: every pending command is answered REPLY_LOST with the protocol error', async () => {
    // A reply that looks valid follows the bad one; it must not be taken for the next command's.
    const fake = await fakeServer((socket) => socket.write('?what\r\n:1\r\n'));
    const rec = recorder();
    const pipe = await RespPipeline.connect({ port: fake.port }, rec.listener);
    rec.attach(pipe);
    pipe.command(9, 1, 0, ['PING']);
    pipe.command(9, 2, 0, ['PING']);
    pipe.flush();
    await until(() => rec.seen.length === 2);
    expect(rec.seen.map((s) => s.type)).toEqual([REPLY_LOST, REPLY_LOST]);
    expect(rec.seen[0].text).toBe('Protocol error: unexpected reply type byte 0x3f.');
    expect(pipe.closeError?.message).toBe(rec.seen[0].text);
    await fake.stop();
  });

  it('closes the connection on an array holding a type byte RESP2 does not have, instead of throwing from the socket', async () => {
    const fake = await fakeServer((socket) => socket.write('*2\r\n:1\r\n%1\r\n'));
    const rec = recorder();
    const pipe = await RespPipeline.connect({ port: fake.port }, rec.listener);
    rec.attach(pipe);
    let closedWith: Error | undefined;
    pipe.onClose((error) => {
      closedWith = error;
    });
    pipe.command(9, 1, 0, ['SCAN', 0]);
    pipe.flush();
    await until(() => rec.seen.length === 1);
    expect(rec.seen[0]).toMatchObject({ type: REPLY_LOST, text: 'Protocol error: unexpected reply type byte 0x25.' });
    expect(closedWith?.message).toBe('Protocol error: unexpected reply type byte 0x25.');
    await fake.stop();
  });

  it('rejects a wrong password with the server\'s WRONGPASS reply, and a missing one with NOAUTH', async () => {
    const rec = recorder();
    const wrong = await RespPipeline.connect({ port: secured.port, password: 'nope' }, rec.listener).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(RespConnectError);
    expect((wrong as Error).message).toMatch(/^WRONGPASS/);
    const missing = await RespPipeline.connect({ port: secured.port }, rec.listener).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/^NOAUTH/);
    const good = await RespPipeline.connect({ port: secured.port, password: 's3cret', db: 3 }, rec.listener);
    good.close();
  });

  it('answers every pending command REPLY_LOST when the connection drops, and refuses new ones', async () => {
    const rec = recorder();
    const pipe = await RespPipeline.connect({ port: server.port }, rec.listener);
    rec.attach(pipe);
    let closedWith: Error | undefined | null = null;
    pipe.onClose((error) => {
      closedWith = error;
    });
    // BLPOP holds its reply; the drop arrives first.
    pipe.command(5, 1, 0, ['BLPOP', 'nothing-here', 5]);
    pipe.get(5, 2, 0, keys, 0, 1);
    pipe.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    pipe.destroy(new Error('test drop'));
    await until(() => rec.seen.length === 2);
    expect(rec.seen.map((s) => s.type)).toEqual([REPLY_LOST, REPLY_LOST]);
    expect(closedWith).toBeInstanceOf(Error);
    pipe.get(5, 3, 0, keys, 0, 1);
    expect(rec.seen[2]).toMatchObject({ id: 3, type: REPLY_LOST });
    expect(pipe.inFlight).toBe(0);
  });

  it('fails to connect to a closed port with ECONNREFUSED', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await RespPipeline.connect({ port }, recorder().listener).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});
