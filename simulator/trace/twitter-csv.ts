/**
 * Twitter's production cache traces (github.com/twitter/cache-trace), one request per line:
 *
 *   timestamp,anonymized key,key size,value size,client id,operation,TTL
 *   0,nz:u:eeW511W3dcH3de3d15ec,24,210,6,get,0
 *
 * timestamp in seconds, sizes in bytes, operation one of get/gets/set/add/replace/cas/append/
 * prepend/delete/incr/decr, TTL in seconds (0 when the request is not a write, or no expiry).
 * The fields after the key are read from the right, so a key holding commas still parses. The
 * key's original size (the key size column) is what the memory model charges, not the anonymized
 * key's length.
 */
import { hashKeyBytes } from './key-interner';
import { RecordLineReader } from './line-reader';
import { parseScaled } from './numbers';
import { pushOperation } from './operation-records';
import { lookupOperation } from './commands';
import { DeferredKeys } from './records';
import type { RecordedKeys } from './records';

const COMMA = 44;
const FIELDS_AFTER_KEY = 5;
const OPS_REMEMBERED = 8;

export class TwitterTraceReader extends RecordLineReader {
  private readonly commas = new Int32Array(FIELDS_AFTER_KEY);
  private readonly deferred = new DeferredKeys(this.keys, this.batch);
  private readonly opCodes = new Float64Array(OPS_REMEMBERED);
  private readonly opIds = new Int32Array(OPS_REMEMBERED);
  private opsKnown = 0;

  constructor(keys?: RecordedKeys) {
    super(keys);
    this.shortScanBytes = 160;
  }

  protected parseLine(bytes: Uint8Array, start: number, end: number): string | null {
    let firstComma = start;
    while (firstComma < end && bytes[firstComma] !== COMMA) firstComma++;
    if (firstComma >= end) {
      this.errorColumn = 1;
      return 'expected 7 comma-separated fields: timestamp,key,key size,value size,client id,operation,TTL';
    }
    // The last five commas, from the right.
    const commas = this.commas;
    let found = 0;
    for (let i = end - 1; i > firstComma && found < FIELDS_AFTER_KEY; i--) if (bytes[i] === COMMA) commas[FIELDS_AFTER_KEY - 1 - found++] = i;
    if (found < FIELDS_AFTER_KEY) {
      this.errorColumn = 1;
      return 'expected 7 comma-separated fields: timestamp,key,key size,value size,client id,operation,TTL';
    }
    const timeUs = parseScaled(bytes, start, firstComma, 6);
    if (Number.isNaN(timeUs) || timeUs < 0) {
      if (this.lineNumber === 1) {
        // A header row ("timestamp,key,…").
        this.ignoredCount++;
        return null;
      }
      this.errorColumn = 1;
      return 'bad timestamp: expected seconds';
    }
    const keyStart = firstComma + 1;
    const keyEnd = commas[0];
    if (keyEnd === keyStart) {
      this.errorColumn = keyStart - start + 1;
      return 'empty key';
    }
    const keySize = parseScaled(bytes, commas[0] + 1, commas[1], 0);
    const valueSize = parseScaled(bytes, commas[1] + 1, commas[2], 0);
    const clientId = parseScaled(bytes, commas[2] + 1, commas[3], 0);
    const ttlSeconds = parseScaled(bytes, commas[4] + 1, end, 3);
    const bad = Number.isNaN(keySize) || keySize < 0 ? 0 : Number.isNaN(valueSize) || valueSize < 0 ? 1 : Number.isNaN(clientId) ? 2 : Number.isNaN(ttlSeconds) || ttlSeconds < 0 ? 4 : -1;
    if (bad >= 0) {
      this.errorColumn = commas[bad] - start + 2;
      return `bad ${['key size', 'value size', 'client id', '', 'TTL'][bad]}: expected a whole number`;
    }
    const command = this.operation(bytes, commas[3] + 1, commas[4]);
    if (command === 0) {
      this.errorColumn = commas[3] - start + 2;
      return 'unknown operation: expected get, gets, set, add, replace, cas, append, prepend, delete, incr or decr';
    }
    this.countCommand(command);
    // TTL 0 on a write means no expiry; the value size of a read is the size it returned. The key
    // id is written in when the deferred keys are interned (a new key gets the key size column).
    const mark = this.batch.count;
    if (!pushOperation(this.batch, timeUs, command, -1, valueSize > 0 ? valueSize : -1, ttlSeconds, 0, clientId)) this.ignoredCount++;
    this.deferred.add(bytes, keyStart, keyEnd, hashKeyBytes(bytes, keyStart, keyEnd), mark, this.batch.count, keySize);
    return null;
  }

  /** lookupOperation, remembered for the few operation names a trace uses (as bytes, up to 6). */
  private operation(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > 6) return lookupOperation(bytes, start, end);
    let code = length;
    for (let i = start; i < end; i++) code = code * 256 + bytes[i];
    for (let c = 0; c < this.opsKnown; c++) if (this.opCodes[c] === code) return this.opIds[c];
    const id = lookupOperation(bytes, start, end);
    if (this.opsKnown < OPS_REMEMBERED) {
      this.opCodes[this.opsKnown] = code;
      this.opIds[this.opsKnown++] = id;
    }
    return id;
  }

  protected override flushKeys(): void {
    this.deferred.flush();
  }
}
