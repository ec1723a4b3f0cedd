/** Invalidation rules: on a write to a namespace → action → target pattern → delay. */
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { asList, asRecord, display, SelectField, TextField, useDesignEdit } from './fields';

const ACTIONS = ['delete', 'delete-pattern', 'write-through', 'write-behind', 'ttl-only'] as const;

const EXPLAIN: Record<string, string> = {
  delete: 'DEL the written key',
  'delete-pattern': 'SCAN + UNLINK every key matching the target',
  'write-through': 'SET the new value at once',
  'write-behind': 'SET now, persist after the delay',
  'ttl-only': 'nothing: stale until expiry',
};

export function InvalidationRules() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const rules = asList(raw.invalidation).map(asRecord);
  const namespaces = asList(raw.namespaces).map((ns) => display(asRecord(ns).name)).filter(Boolean);
  return (
    <section aria-labelledby="invalidation-heading" className="design-section">
      <div className="section-head">
        <h2 id="invalidation-heading">Invalidation rules</h2>
        <button type="button" onClick={() => edit.append(['invalidation'], { on: namespaces[0] ?? 'items', action: 'delete' }, { blockLevels: 0 })}>Add rule</button>
      </div>
      <p className="help">What a write to an entity does to the cache. A write with no rule leaves the cached value stale until its TTL ends.</p>
      {rules.length === 0 ? <EmptyState title="No invalidation rules">Writes never touch the cache: reads may be stale for up to the TTL.</EmptyState> : (
        <table className="data-table" aria-labelledby="invalidation-heading">
          <thead>
            <tr><th scope="col">On write to</th><th scope="col">Action</th><th scope="col">Target pattern</th><th scope="col">Delay</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {rules.map((rule, index) => {
              const n = index + 1;
              const action = display(rule.action);
              return (
                <tr key={index}>
                  <td><SelectField label={`Namespace of rule ${n}`} path={['invalidation', index, 'on']} value={rule.on} options={namespaces} /></td>
                  <td>
                    <SelectField label={`Action of rule ${n}`} path={['invalidation', index, 'action']} value={rule.action} options={ACTIONS} />
                    <span className="muted small">{EXPLAIN[action] ?? ''}</span>
                  </td>
                  <td><TextField label={`Target pattern of rule ${n}`} path={['invalidation', index, 'target']} value={rule.target} coerce={false} className="wide mono" placeholder={action === 'delete-pattern' ? 'products:list:*' : 'the written key'} /></td>
                  <td><TextField label={`Delay of rule ${n}`} path={['invalidation', index, 'delay']} value={rule.delay} coerce={false} className="narrow mono" placeholder="0ms" /></td>
                  <td><button type="button" className="icon-button" aria-label={`Remove rule ${n}`} title="Remove" onClick={() => edit.removeItem(['invalidation'], index)}>×</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
