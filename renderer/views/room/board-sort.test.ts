import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../../electron/common';
import { NEWEST_FIRST, nextOrder, sortBoard } from './board-sort';

function row(name: string, minute: number, hitRatio: number | null, targets: [number, number] | null = null): BoardRow {
  return {
    who: { id: name.toLowerCase(), name }, runId: `${name}-${minute}`, designName: 'd', label: 'd', engine: 'sim', status: hitRatio === null ? 'running' : 'done',
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), hitRatio, p95Ms: null, error: null,
    targetsMet: targets ? targets[0] : null, targetsTotal: targets ? targets[1] : null,
  };
}

const rows = [row('Bob', 1, 0.8, [1, 3]), row('ann', 3, null), row('Cid', 2, 0.9, [3, 3]), row('Dee', 4, 0.8, [0, 0])];
const names = (sorted: BoardRow[]) => sorted.map((r) => r.who.name);

describe('the results board order', () => {
  it('is newest first until a header is chosen', () => {
    expect(names(sortBoard(rows, NEWEST_FIRST))).toEqual(['Dee', 'ann', 'Cid', 'Bob']);
  });

  it('puts the best hit ratio first, runs without one last either way, ties newest first', () => {
    const best = nextOrder(NEWEST_FIRST, 'hitRatio');
    expect(best).toEqual({ column: 'hitRatio', descending: true });
    expect(names(sortBoard(rows, best))).toEqual(['Cid', 'Dee', 'Bob', 'ann']);
    expect(names(sortBoard(rows, nextOrder(best, 'hitRatio')))).toEqual(['Dee', 'Bob', 'Cid', 'ann']);
  });

  it('sorts names without regard to case, and targets met as a share of those set (none set: last)', () => {
    expect(names(sortBoard(rows, nextOrder(NEWEST_FIRST, 'who')))).toEqual(['ann', 'Bob', 'Cid', 'Dee']);
    expect(names(sortBoard(rows, nextOrder(NEWEST_FIRST, 'targets')))).toEqual(['Cid', 'Bob', 'Dee', 'ann']);
  });
});
