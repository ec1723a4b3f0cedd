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
import type { RecordedKeys } from './records';

const COMMA = 44;
const FIELDS_AFTER_KEY = 5;

export class TwitterTraceReader extends RecordLineReader {
  private readonly commas = new Int32Array(FIELDS_AFTER_KEY);

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
    const command = lookupOperation(bytes, commas[3] + 1, commas[4]);
    if (command === 0) {
      this.errorColumn = commas[3] - start + 2;
      return 'unknown operation: expected get, gets, set, add, replace, cas, append, prepend, delete, incr or decr';
    }
    const known = this.keys.size;
    const keyId = this.keys.internHashed(0, bytes, keyStart, keyEnd, hashKeyBytes(bytes, keyStart, keyEnd));
    if (keySize > 0 && keyId >= known) this.keys.setKeySize(keyId, keySize);
    this.countCommand(command);
    // TTL 0 on a write means no expiry; the value size of a read is the size it returned.
    if (!pushOperation(this.batch, timeUs, command, keyId, valueSize > 0 ? valueSize : -1, ttlSeconds, 0, clientId)) this.ignoredCount++;
    return null;
  }
}
