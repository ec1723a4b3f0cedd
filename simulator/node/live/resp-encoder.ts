/**
 * The RESP pipeline's command encoder: commands written as RESP2 straight into a reusable slab
 * (keys by KeyCodec, values by ValueSource), no string or array per command. Bytes [start, pos)
 * are queued; flush() hands them to the writer in one chunk and reuses the slab from its start
 * once the writer says the socket took everything.
 */
import type { KeyCodec } from './keys';
import { copyBytes, digitCount, writeDecimal } from './keys';
import type { ValueSource } from './values';

const SLAB_BYTES = 1 << 20;
const CRLF = 0x0a0d; // "\r\n" as a little-endian uint16

const CMD_GET = Buffer.from('*2\r\n$3\r\nGET\r\n');
const CMD_SET_PX = Buffer.from('*5\r\n$3\r\nSET\r\n');
const CMD_SET = Buffer.from('*3\r\n$3\r\nSET\r\n');
const CMD_DEL = Buffer.from('*2\r\n$3\r\nDEL\r\n');
const CMD_UNLINK = Buffer.from('*2\r\n$6\r\nUNLINK\r\n');
const ARG_PX = Buffer.from('$2\r\nPX\r\n');

/** Where the encoded bytes go. */
export interface ChunkWriter {
  /** Takes a chunk (a view of the slab); true when nothing of it is left buffered in user space. */
  write(chunk: Buffer): boolean;
}

export class RespEncoder {
  // Output slab: bytes [start, pos) are queued and not yet handed to the writer.
  private buf = Buffer.allocUnsafe(SLAB_BYTES);
  private start = 0;
  private pos = 0;

  constructor(private readonly writer: ChunkWriter) {}

  /** GET key. */
  get(keys: KeyCodec, ns: number, index: number): void {
    const keyBytes = keys.byteLength(ns, index);
    this.reserve(CMD_GET.length + keyBytes + 16);
    const buf = this.buf;
    let pos = copyBytes(CMD_GET, buf, this.pos);
    pos = bulkHeader(buf, pos, keyBytes);
    pos = keys.write(buf, pos, ns, index);
    buf.writeUInt16LE(CRLF, pos);
    this.pos = pos + 2;
  }

  /** SET key value [PX ttlMs] with `size` bytes of value of key `id` carrying `version`. */
  set(keys: KeyCodec, ns: number, index: number, values: ValueSource, id: number, size: number, version: number, ttlMs: number): void {
    const keyBytes = keys.byteLength(ns, index);
    this.reserve(CMD_SET_PX.length + keyBytes + size + 64);
    const buf = this.buf;
    let pos = copyBytes(ttlMs > 0 ? CMD_SET_PX : CMD_SET, buf, this.pos);
    pos = bulkHeader(buf, pos, keyBytes);
    pos = keys.write(buf, pos, ns, index);
    buf.writeUInt16LE(CRLF, pos);
    pos = bulkHeader(buf, pos + 2, size);
    pos = values.write(buf, pos, id, size, version);
    buf.writeUInt16LE(CRLF, pos);
    pos += 2;
    if (ttlMs > 0) {
      pos = copyBytes(ARG_PX, buf, pos);
      pos = bulkHeader(buf, pos, digitCount(ttlMs));
      pos = writeDecimal(buf, pos, ttlMs);
      buf.writeUInt16LE(CRLF, pos);
      pos += 2;
    }
    this.pos = pos;
  }

  /** DEL key (or UNLINK key). */
  del(keys: KeyCodec, ns: number, index: number, unlink: boolean): void {
    const keyBytes = keys.byteLength(ns, index);
    const head = unlink ? CMD_UNLINK : CMD_DEL;
    this.reserve(head.length + keyBytes + 16);
    const buf = this.buf;
    let pos = copyBytes(head, buf, this.pos);
    pos = bulkHeader(buf, pos, keyBytes);
    pos = keys.write(buf, pos, ns, index);
    buf.writeUInt16LE(CRLF, pos);
    this.pos = pos + 2;
  }

  /** Any command, arguments as strings, numbers or Buffers (the slow, general path). */
  command(argv: ReadonlyArray<string | number | Buffer>): void {
    const parts = argv.map((a) => (Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8')));
    this.reserve(parts.reduce((sum, p) => sum + p.length + 16, 16));
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x2a; // '*'
    pos = writeDecimal(buf, pos, parts.length);
    buf.writeUInt16LE(CRLF, pos);
    pos += 2;
    for (const part of parts) {
      pos = bulkHeader(buf, pos, part.length);
      pos += part.copy(buf, pos);
      buf.writeUInt16LE(CRLF, pos);
      pos += 2;
    }
    this.pos = pos;
  }

  /** Hands the queued bytes to the writer. */
  flush(): void {
    if (this.pos === this.start) return;
    if (this.writer.write(this.buf.subarray(this.start, this.pos))) {
      // The kernel took it all: the slab can be reused from the start.
      this.start = this.pos = 0;
    } else {
      this.start = this.pos;
    }
  }

  /** Drops what is queued and not flushed (nothing can be sent any more). */
  discard(): void {
    this.pos = this.start;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    this.flush();
    if (this.pos + bytes <= this.buf.length) return;
    // The socket still holds the old slab's bytes; start a new one.
    this.buf = Buffer.allocUnsafe(Math.max(SLAB_BYTES, bytes));
    this.start = this.pos = 0;
  }
}

function bulkHeader(buf: Buffer, pos: number, length: number): number {
  buf[pos] = 0x24; // '$'
  pos = writeDecimal(buf, pos + 1, length);
  buf.writeUInt16LE(CRLF, pos);
  return pos + 2;
}
