/** Traffic: the seed, the phases (steady, ramp, spike) and the weighted operations to replay. */
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import type { Variants } from '../../yaml/variants';
import { EmptyState } from '../common/States';
import { asList, asRecord, display, SelectField, TextField, useDesignEdit } from './fields';
import { ErrorsAt, VariantFields, VariantSelect } from './VariantFields';

/** Each shape's fields with the value a new one starts from. */
const PHASE_SHAPES: Variants = {
  steady: { rate: '100/s', duration: '1m' },
  ramp: { from: '100/s', to: '1000/s', duration: '1m' },
  spike: { rate: '100/s', peak: '1000/s', duration: '1m', at: '50%', width: '10%' },
};

const OPS = ['mixed', 'read', 'write', 'list', 'invalidate'] as const;

export function TrafficForm() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const traffic = asRecord(raw.traffic);
  const phases = asList(traffic.phases).map(asRecord);
  const operations = asList(traffic.operations).map(asRecord);
  const namespaces = asList(raw.namespaces).map((ns) => display(asRecord(ns).name)).filter(Boolean);
  return (
    <section aria-labelledby="traffic-heading" className="design-section">
      <h2 id="traffic-heading">Traffic</h2>
      <ErrorsAt path={['traffic']} shown={['seed', 'users', 'phases', 'operations']} />
      <div className="form-grid">
        <TextField inline={false} label="Seed" path={['traffic', 'seed']} value={traffic.seed} placeholder="1" />
        <TextField inline={false} label="Concurrent users" path={['traffic', 'users']} value={traffic.users} placeholder="informational" />
      </div>
      <div className="section-head">
        <h3 id="phases-heading">Phases</h3>
        <button type="button" onClick={() => edit.append(['traffic', 'phases'], { name: `phase ${phases.length + 1}`, shape: 'steady', ...PHASE_SHAPES.steady }, { blockLevels: 0 })}>Add phase</button>
      </div>
      <p className="help">Played one after another. A ramp goes from one rate to another; a spike rises to its peak at <code>at</code> for <code>width</code> of the phase.</p>
      <table className="data-table" aria-labelledby="phases-heading">
        <thead><tr><th scope="col">Name</th><th scope="col">Shape</th><th scope="col">Rates and timing</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {phases.map((phase, index) => {
            const path = ['traffic', 'phases', index];
            const noun = `phase ${index + 1}`;
            return (
              <tr key={index}>
                <td><TextField label={`Name of ${noun}`} path={[...path, 'name']} value={phase.name} coerce={false} className="medium" placeholder="(unnamed)" /></td>
                <td><VariantSelect path={path} item={phase} discriminator="shape" variants={PHASE_SHAPES} noun={noun} /></td>
                <td><VariantFields path={path} item={phase} discriminator="shape" variants={PHASE_SHAPES} noun={noun} /></td>
                <td><button type="button" className="icon-button" aria-label={`Remove ${noun}`} title="Remove" disabled={phases.length === 1} onClick={() => edit.removeItem(['traffic', 'phases'], index)}>×</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="section-head">
        <h3 id="operations-heading">Operations</h3>
        <button type="button" onClick={() => edit.append(['traffic', 'operations'], { namespace: namespaces[0] ?? 'items', op: 'read', weight: 1 }, { blockLevels: 0 })}>Add operation</button>
      </div>
      <p className="help">Each request picks an operation by weight; <code>mixed</code> follows the namespace&apos;s read/write mix.</p>
      <table className="data-table" aria-labelledby="operations-heading">
        <thead><tr><th scope="col">Namespace</th><th scope="col">Operation</th><th scope="col">Weight</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {operations.map((operation, index) => {
            const path = ['traffic', 'operations', index];
            const noun = `operation ${index + 1}`;
            return (
              <tr key={index}>
                <td><SelectField label={`Namespace of ${noun}`} path={[...path, 'namespace']} value={operation.namespace} options={namespaces} /></td>
                <td><SelectField label={`Op of ${noun}`} path={[...path, 'op']} value={operation.op} options={OPS} /></td>
                <td>
                  <TextField label={`Weight of ${noun}`} path={[...path, 'weight']} value={operation.weight} className="narrow" />
                  <ErrorsAt path={path} shown={['namespace', 'op', 'weight']} />
                </td>
                <td><button type="button" className="icon-button" aria-label={`Remove ${noun}`} title="Remove" disabled={operations.length === 1} onClick={() => edit.removeItem(['traffic', 'operations'], index)}>×</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
