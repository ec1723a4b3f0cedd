/**
 * The TTL matrix as a grid: data classes × environments, each cell a TTL and a jitter. Arrow
 * up/down move between rows in the same field; warnings show in the cell and under the grid.
 */
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ttlWarnings } from '../../design/ttl-warnings';
import type { TtlWarning } from '../../design/ttl-warnings';
import { useStore } from '../../store';
import { environmentsOf, selectDesign, selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
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
        <p className="help">Data class × environment → TTL (0s: not cached) and jitter (TTL uniform in ttl·(1 ± jitter)).</p>
      </div>
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
                    </th>
                    {environments.map((env, col) => {
                      const cell = asRecord(cells[env]);
                      const here = cellWarnings(dataClass, env);
                      const strongest = here.find((w) => w.severity === 'warning') ?? here[0];
                      const warningId = `ttl-warning-${row}-${col}`;
                      return (
                        <td key={env} role="gridcell" className={strongest ? `has-${strongest.severity}` : undefined} aria-describedby={strongest ? warningId : undefined}>
                          <div className="ttl-cell">
                            <TextField
                              label={`TTL for ${dataClass} in ${env}`} path={['ttlMatrix', dataClass, env, 'ttl']} value={cell.ttl} coerce={false}
                              className="narrow mono" placeholder="5m" onKeyDown={(event) => moveFocus(event, grid.current)}
                              inputProps={{ 'data-field': 'ttl', 'data-row': String(row), 'data-col': String(col) }}
                            />
                            <TextField
                              label={`Jitter for ${dataClass} in ${env}`} path={['ttlMatrix', dataClass, env, 'jitter']} value={cell.jitter ?? '0%'} coerce={false}
                              className="narrow mono" placeholder="0%" onKeyDown={(event) => moveFocus(event, grid.current)}
                              inputProps={{ 'data-field': 'jitter', 'data-row': String(row), 'data-col': String(col) }}
                            />
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
