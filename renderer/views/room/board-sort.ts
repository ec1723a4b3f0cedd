/**
 * The results board's order: by any column, either way; rows without the value (a run not done,
 * no targets) always last, ties newest first.
 */
import type { BoardRow } from '../../../electron/common';

export type BoardColumn = 'who' | 'design' | 'engine' | 'status' | 'hitRatio' | 'p95' | 'targets' | 'when';
export interface BoardOrder {
  column: BoardColumn;
  descending: boolean;
}

/** Newest first: what the board shows until a header is chosen. */
export const NEWEST_FIRST: BoardOrder = { column: 'when', descending: true };

/** The way a column sorts when first chosen: the best or newest on top. */
const FIRST_DESCENDING: ReadonlySet<BoardColumn> = new Set(['hitRatio', 'targets', 'when']);

function keyOf(row: BoardRow, column: BoardColumn): string | number | null {
  switch (column) {
    case 'who': return row.who.name.toLowerCase();
    case 'design': return row.designName.toLowerCase();
    case 'engine': return row.engine;
    case 'status': return row.status;
    case 'hitRatio': return row.hitRatio;
    case 'p95': return row.p95Ms;
    case 'targets': return row.targetsTotal ? (row.targetsMet ?? 0) / row.targetsTotal : null;
    case 'when': return row.startedAt;
  }
}

export function sortBoard(rows: readonly BoardRow[], order: BoardOrder): BoardRow[] {
  const sign = order.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const [x, y] = [keyOf(a, order.column), keyOf(b, order.column)];
    if (x === null || y === null) return x === y ? b.startedAt.localeCompare(a.startedAt) : x === null ? 1 : -1;
    const compared = x < y ? -1 : x > y ? 1 : 0;
    return compared * sign || b.startedAt.localeCompare(a.startedAt);
  });
}

/** Choosing a header: the same column turns around; another starts its own way. */
export function nextOrder(current: BoardOrder, column: BoardColumn): BoardOrder {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: FIRST_DESCENDING.has(column) };
}
