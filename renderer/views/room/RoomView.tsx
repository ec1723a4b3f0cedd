/**
 * Browser mode's room: the trainer pushes a preset or the open design to every participant, and
 * everyone reads the results board — each person's newest runs side by side, newest first, kept
 * fresh as runs in the room are queued, start and end.
 */
import { useEffect, useMemo, useState } from 'react';
import type { BoardRow } from '../../../electron/common';
import { formatMs, formatPercent } from '../../format';
import { useStore } from '../../store';
import { selectParticipant } from '../../store/connections/selectors';
import { selectPresets, selectProjectName, selectProjectOpen } from '../../store/project/selectors';
import { selectBoard } from '../../store/room/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import { ENGINE_LABELS } from '../run/RunOptions';
import { NEWEST_FIRST, nextOrder, sortBoard } from './board-sort';
import type { BoardColumn, BoardOrder } from './board-sort';

const OPEN_DESIGN = 'open-design';

function PushPanel() {
  const commands = useCommands();
  const presets = useStore(selectPresets);
  const open = useStore(selectProjectOpen);
  const name = useStore(selectProjectName);
  const [choice, setChoice] = useState(open ? OPEN_DESIGN : '');
  const [pushing, setPushing] = useState(false);
  const push = async () => {
    setPushing(true);
    await commands.pushToRoom(choice === OPEN_DESIGN ? OPEN_DESIGN : { presetId: choice });
    setPushing(false);
  };
  return (
    <section aria-labelledby="push-heading" className="room-push">
      <h2 id="push-heading">Push to the room</h2>
      <p className="help">Every participant with the app open is offered it as a new, unsaved design of their own.</p>
      <div className="button-row">
        <label htmlFor="push-choice">Design to push</label>
        <select id="push-choice" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="" disabled>Choose a design…</option>
          {open ? <option value={OPEN_DESIGN}>The open design ({name})</option> : null}
          {presets.status === 'ready' ? presets.value.map((preset) => <option key={preset.id} value={preset.id}>Preset: {preset.name}</option>) : null}
        </select>
        <button type="button" className="primary" disabled={choice === '' || pushing} onClick={() => void push()}>Push to everyone</button>
      </div>
    </section>
  );
}

function targetsText(row: BoardRow): string {
  if (row.targetsTotal === null || row.targetsMet === null) return '—';
  return row.targetsTotal === 0 ? 'none set' : `${row.targetsMet} of ${row.targetsTotal}`;
}

const COLUMNS: ReadonlyArray<{ column: BoardColumn; label: string; numeric?: boolean }> = [
  { column: 'who', label: 'Who' }, { column: 'design', label: 'Design' }, { column: 'engine', label: 'Engine' }, { column: 'status', label: 'Status' },
  { column: 'hitRatio', label: 'Hit ratio', numeric: true }, { column: 'p95', label: 'p95', numeric: true }, { column: 'targets', label: 'Targets met' },
  { column: 'when', label: 'When (UTC)' },
];

function BoardTable({ rows }: { rows: BoardRow[] }) {
  const [order, setOrder] = useState<BoardOrder>(NEWEST_FIRST);
  const sorted = useMemo(() => sortBoard(rows, order), [rows, order]);
  return (
    // Scrolls in its frame (a room of 20+): focusable, so the keyboard can scroll it too.
    <div className="table-scroll board-scroll" tabIndex={0} role="region" aria-label="Results board rows">
      <table className="data-table compact board-table" aria-label="Results board">
        <thead>
          <tr>
            {COLUMNS.map(({ column, label, numeric }) => (
              <th key={column} scope="col" className={numeric ? 'num' : undefined}
                aria-sort={order.column === column ? (order.descending ? 'descending' : 'ascending') : undefined}>
                <button type="button" className="link sort-button" onClick={() => setOrder(nextOrder(order, column))}>{label}</button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={`${row.who.id}/${row.runId}`} data-testid="board-row">
              <th scope="row" title={`${row.who.name} (${row.who.id})`}>{row.who.name}</th>
              <td title={row.label}>{row.designName}</td>
              <td>{ENGINE_LABELS[row.engine] ?? row.engine}</td>
              <td className={row.status === 'failed' ? 'bad-text' : undefined} title={row.error ?? undefined}>{row.status}</td>
              <td className="num">{formatPercent(row.hitRatio)}</td>
              <td className="num">{formatMs(row.p95Ms)}</td>
              <td className={row.targetsTotal && row.targetsMet === row.targetsTotal ? 'good-text' : row.targetsTotal ? 'bad-text' : undefined}>{targetsText(row)}</td>
              <td>{row.startedAt.slice(0, 19).replace('T', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RoomView() {
  const commands = useCommands();
  const board = useStore(selectBoard);
  const participant = useStore(selectParticipant);
  useEffect(() => {
    void commands.loadBoard();
  }, [commands]);
  return (
    <div className="room">
      {participant ? null : <PushPanel />}
      <section aria-labelledby="board-heading" className="room-board">
        <h2 id="board-heading">Results board</h2>
        {board.status === 'idle' || board.status === 'loading' ? <LoadingState label="Loading the room's runs…" /> : null}
        {board.status === 'error' ? (
          <ErrorState title="Could not load the results board" message={board.message}>
            <button type="button" onClick={() => void commands.loadBoard()}>Try again</button>
          </ErrorState>
        ) : null}
        {board.status === 'ready' ? (
          <>
            <p className="help">
              {board.value.participants} participant{board.value.participants === 1 ? '' : 's'} joined; each person&apos;s newest {board.value.runsPerPerson} runs, newest first (choose a column to sort by it). It updates as runs finish.
            </p>
            {board.value.rows.length === 0 ? <EmptyState title="No runs in the room yet">Runs appear here as people press Run.</EmptyState> : <BoardTable rows={board.value.rows} />}
          </>
        ) : null}
      </section>
    </div>
  );
}
