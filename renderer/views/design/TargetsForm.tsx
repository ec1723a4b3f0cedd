/** Targets: the assertions `keyspace run` checks after a run (`hitRatio>=0.7`, `p95<=60ms`). */
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { asList, TextField, useDesignEdit } from './fields';

export function TargetsForm() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const targets = asList(raw.targets);
  return (
    <section aria-labelledby="targets-heading" className="design-section">
      <div className="section-head">
        <h2 id="targets-heading">Targets</h2>
        <button type="button" onClick={() => edit.append(['targets'], 'hitRatio>=0.7', { blockLevels: 0 })}>Add target</button>
      </div>
      <p className="help">
        Assertions a run must meet, as <code>metric op value</code>: <code>hitRatio&gt;=0.7</code>, <code>p95&lt;=60ms</code>,{' '}
        <code>namespaces.products.hitRatio&gt;=0.8</code>, <code>lost==0</code>. <code>keyspace run</code> fails when one is missed.
      </p>
      {targets.length === 0 ? <EmptyState title="No targets">Runs are not checked against any threshold.</EmptyState> : (
        <table className="data-table" aria-labelledby="targets-heading">
          <thead><tr><th scope="col">#</th><th scope="col">Assertion</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {targets.map((target, index) => (
              <tr key={index}>
                <td className="muted">{index + 1}</td>
                <td><TextField label={`Target ${index + 1}`} path={['targets', index]} value={target} coerce={false} className="wide mono" /></td>
                <td><button type="button" className="icon-button" aria-label={`Remove target ${index + 1}`} title="Remove" onClick={() => edit.removeItem(['targets'], index)}>×</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
