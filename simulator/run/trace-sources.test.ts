import { describe, expect, it } from 'vitest';
import { StreamedTraceSource } from './trace-stream';
import { TraceSource } from './trace-replay';
import type { RequestSource } from './workload';

function drain(source: RequestSource): Array<[number, number, number]> {
  // [key, the key 1 ahead, the key 3 ahead] at each request
  const seen: Array<[number, number, number]> = [];
  while (source.next()) seen.push([source.keyId, source.peekKeyId(1), source.peekKeyId(3)]);
  return seen;
}

describe('trace sources look ahead', () => {
  it('a parsed trace knows every later key and −1 past its end', () => {
    const ids = Int32Array.of(5, 6, 7, 8);
    const source = new TraceSource({ ids, valueBytes: new Int32Array(4).fill(-1), count: 4 } as never, 1000);
    expect(drain(source)).toEqual([[5, 6, 8], [6, 7, -1], [7, 8, -1], [8, -1, -1]]);
  });

  it('a streamed trace looks ahead within the batch being replayed, −1 beyond it', () => {
    const source = new StreamedTraceSource(1000, 5);
    const batch = (ids: number[]) => ({ ids: Int32Array.from(ids), valueBytes: null, newGroups: new Uint16Array(0), newKeyBytes: new Int32Array(0) });
    source.push(batch([1, 2, 3]));
    source.push(batch([4, 5]));
    source.end(5);
    expect(drain(source)).toEqual([[1, 2, -1], [2, 3, -1], [3, -1, -1], [4, 5, -1], [5, -1, -1]]);
  });
});
