/**
 * The TTL matrix as a grid: data classes × environments, each cell a TTL and a jitter. Arrow
 * up/down move between rows in the same field; warnings show in the cell and under the grid.
 * A TTL field offers the three forms (a duration, 0s, none); a `none` cell (cached without
 * expiry) shows "no expiry" where the jitter would be, and choosing none drops the cell's jitter.
 */
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ttlWarnings } from '../../design/ttl-warnings';
import type { TtlWarning } from '../../design/ttl-warnings';
import { TTL_NONE } from '../../../simulator/model';
import { useStore } from '../../store';
import { removeKey, setValue } from '../../yaml/edit';
import type { YamlPath } from '../../yaml/edit';
import { environmentsOf, selectDesign, selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { EnvironmentsFields } from './DesignHeader';
import { asList, asRecord, TextField, useDesignEdit } from './fields';

function moveFocus(event: KeyboardEvent<HTMLInputElement>, grid: HTMLTableElement | null) {
  if (!grid || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
  const target = event.currentTarget;
  const field = target.dataset.field;
  const row = Number(target.dataset.row);
  const col = Number(target.dataset.col);
  const next = grid.querySelector<HTMLInputElement>(`input[data-field="${field}"][data-row="${row + (event.key === 'ArrowDown' ? 1 : -1)}"][data-col="${col}"]`);
  if (next) {
    event.preventDefault();
    next.focus();
    next.select();
  }
}

/** What the TTL field suggests (a datalist: the field still takes any duration). */
const TTL_SUGGESTIONS: ReadonlyArray<[string, string]> = [
  [TTL_NONE, 'cache without expiry (only eviction removes keys)'],
  ['0s', 'do not cache (reads go to the origin)'],
  ['30s', ''], ['5m', ''], ['1h', ''], ['24h', ''],
];
const TTL_LIST_ID = 'ttl-forms';

/** A jitter written as non-zero (`10%`); absent or `0%` is none. */
function hasJitter(value: unknown): boolean {
  return value !== undefined && value !== null && Number.parseFloat(String(value)) !== 0;
}

export function TtlMatrix() {
  const raw = useStore(selectRaw);
  const design = useStore(selectDesign);
  const edit = useDesignEdit();
  const grid = useRef<HTMLTableElement>(null);
  const [newClass, setNewClass] = useState('');
  const warnings = useMemo(() => (design ? ttlWarnings(design) : []), [design]);
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const matrix = asRecord(raw.ttlMatrix);
  const classes = Object.keys(matrix);
  const environments = environmentsOf(raw);
  const usedBy = (dataClass: string) => asList(raw.namespaces).map(asRecord).filter((ns) => ns.dataClass === dataClass).map((ns) => String(ns.name));
  const cellWarnings = (dataClass: string, env: string) => warnings.filter((w) => w.dataClass === dataClass && w.environment === env);
  // Choosing none drops the cell's jitter in the same edit (jitter is rejected with ttl: none).
  const commitTtl = (cellPath: YamlPath, cell: Record<string, unknown>) => (value: string | number | boolean) => {
    if (value === TTL_NONE && cell.jitter !== undefined) {
      edit.chain((text) => setValue(text, [...cellPath, 'ttl'], value), (text) => removeKey(text, [...cellPath, 'jitter']));
    } else {
      edit.set([...cellPath, 'ttl'], value);
    }
  };
  const addClass = () => {
    const name = newClass.trim();
    if (!name) return;
    const row = Object.fromEntries(environments.map((env) => [env, { ttl: env === 'dev' ? '30s' : '5m', jitter: '10%' }]));
    if (edit.set(['ttlMatrix', name], row, { blockLevels: 1 })) setNewClass('');
  };
  return (
    <section aria-labelledby="ttl-heading" className="design-section">
      <div className="section-head">
        <h2 id="ttl-heading">TTL matrix</h2>
        <p className="help">Data class × environment → TTL and jitter (TTL uniform in ttl·(1 ± jitter)). TTL 0s: not cached; none: cached without expiry (SET without EX, only maxmemory eviction removes keys).</p>
      </div>
      <EnvironmentsFields />
      {classes.length === 0 ? <EmptyState title="No data classes">Add a class; namespaces name their class in the Namespaces tab.</EmptyState> : (
        <div className="table-scroll">
          <table ref={grid} role="grid" aria-label="TTL matrix" className="data-table ttl-grid">
            <thead>
              <tr role="row">
                <th role="columnheader" scope="col">Data class</th>
                {environments.map((env) => <th key={env} role="columnheader" scope="col">{env}</th>)}
              </tr>
            </thead>
            <tbody>
              {classes.map((dataClass, row) => {
                const cells = asRecord(matrix[dataClass]);
                const members = usedBy(dataClass);
                return (
                  <tr key={dataClass} role="row">
                    <th role="rowheader" scope="row">
                      <span className="class-name">{dataClass}</span>
                      <span className="muted small">{members.length > 0 ? members.join(', ') : 'unused'}</span>
                      {members.length === 0 ? (
                        <button type="button" className="icon-button" aria-label={`Remove data class ${dataClass}`} title="Remove (no namespace uses it)" onClick={() => edit.removeKey(['ttlMatrix', dataClass])}>×</button>
                      ) : null}
                    </th>
                    {environments.map((env, col) => {
                      const cell = asRecord(cells[env]);
                      const noExpiry = cell.ttl === TTL_NONE && !hasJitter(cell.jitter);
                      const here = cellWarnings(dataClass, env);
                      const strongest = here.find((w) => w.severity === 'warning') ?? here[0];
                      const warningId = `ttl-warning-${row}-${col}`;
                      return (
                        <td key={env} role="gridcell" className={strongest ? `has-${strongest.severity}` : undefined} aria-describedby={strongest ? warningId : undefined}>
                          <div className="ttl-cell">
                            <TextField
                              label={`TTL for ${dataClass} in ${env}`} path={['ttlMatrix', dataClass, env, 'ttl']} value={cell.ttl} coerce={false}
                              className="narrow mono" placeholder="5m" onKeyDown={(event) => moveFocus(event, grid.current)}
                              inputProps={{ 'data-field': 'ttl', 'data-row': String(row), 'data-col': String(col), list: TTL_LIST_ID }}
                              onCommit={commitTtl(['ttlMatrix', dataClass, env], cell)}
                            />
                            {noExpiry ? (
                              <span className="ttl-no-expiry muted small" title="ttl: none — SET without EX; only maxmemory eviction removes these keys">no expiry</span>
                            ) : (
                              <TextField
                                label={`Jitter for ${dataClass} in ${env}`} path={['ttlMatrix', dataClass, env, 'jitter']} value={cell.jitter ?? '0%'} coerce={false}
                                className="narrow mono" placeholder="0%" onKeyDown={(event) => moveFocus(event, grid.current)}
                                inputProps={{ 'data-field': 'jitter', 'data-row': String(row), 'data-col': String(col) }}
                              />
                            )}
                            {strongest ? (
                              <span className={`cell-flag flag-${strongest.severity}`} id={warningId} title={strongest.message}>
                                <span aria-hidden="true">{strongest.severity === 'warning' ? '⚠' : 'i'}</span>
                                <span className="visually-hidden">{strongest.message}</span>
                              </span>
                            ) : null}
                          </div>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <datalist id={TTL_LIST_ID}>
        {TTL_SUGGESTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </datalist>
      <form className="inline-form" onSubmit={(event) => { event.preventDefault(); addClass(); }}>
        <label>New data class <input value={newClass} onChange={(event) => setNewClass(event.target.value)} placeholder="e.g. session" /></label>
        <button type="submit" disabled={!newClass.trim()}>Add data class</button>
      </form>
      <TtlWarningList warnings={warnings} />
    </section>
  );
}

function TtlWarningList({ warnings }: { warnings: TtlWarning[] }) {
  if (warnings.length === 0) return <p className="help" role="status">No TTL warnings.</p>;
  return (
    <div className="warnings">
      <h3 id="ttl-warnings-heading">TTL warnings</h3>
      <ul aria-labelledby="ttl-warnings-heading">
        {warnings.map((w, i) => (
          <li key={i} className={`warning-item ${w.severity}`}>
            <span className="tag">{w.severity === 'warning' ? 'Warning' : 'Note'}</span>
            <span><strong>{w.dataClass}{w.environment ? ` · ${w.environment}` : ''}</strong>: {w.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
