/** Namespaces: one editable row per key space (pattern, cardinality, size, skew, class, R/W mix). */
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { asList, asRecord, CheckboxField, display, DistributionField, SelectField, TextField, useDesignEdit } from './fields';
import { SkewField } from './SkewField';

export function NamespacesTable() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  const namespaces = asList(raw?.namespaces).map(asRecord);
  const classes = Object.keys(asRecord(raw?.ttlMatrix));
  const addNamespace = () => {
    const taken = new Set(namespaces.map((ns) => ns.name));
    let n = namespaces.length + 1;
    while (taken.has(`namespace${n}`)) n++;
    edit.append(['namespaces'], {
      name: `namespace${n}`, pattern: `namespace${n}:{id}`, cardinality: 1000, valueSize: '1kb',
      skew: { dist: 'zipf', alpha: 1 }, dataClass: classes[0] ?? 'default', readWrite: '95/5',
    });
  };
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  return (
    <section aria-labelledby="namespaces-heading" className="design-section">
      <div className="section-head">
        <h2 id="namespaces-heading">Namespaces</h2>
        <button type="button" onClick={addNamespace}>Add namespace</button>
      </div>
      {namespaces.length === 0 ? <EmptyState title="No namespaces">A design needs at least one key space; add one.</EmptyState> : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="namespaces-heading">
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Pattern</th><th scope="col">Cardinality (keys)</th><th scope="col">Value size</th>
                <th scope="col">Skew</th><th scope="col">Data class</th><th scope="col">Read/write mix (%)</th><th scope="col">Prewarm</th>
                <th scope="col">Description</th><th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {namespaces.map((ns, index) => {
                const name = display(ns.name) || `#${index + 1}`;
                return (
                  <tr key={index}>
                    <th scope="row"><TextField label={`Name of namespace ${index + 1}`} path={['namespaces', index, 'name']} value={ns.name} coerce={false} className="medium" /></th>
                    <td><TextField label={`Pattern for ${name}`} path={['namespaces', index, 'pattern']} value={ns.pattern} coerce={false} className="wide mono" /></td>
                    <td><TextField label={`Cardinality for ${name}`} path={['namespaces', index, 'cardinality']} value={ns.cardinality} className="medium num" /></td>
                    <td><DistributionField label={(key) => `Value size ${key ? `${key} ` : ''}for ${name}`} path={['namespaces', index, 'valueSize']} value={ns.valueSize} /></td>
                    <td><SkewField path={['namespaces', index, 'skew']} name={name} value={ns.skew} /></td>
                    <td><SelectField label={`Data class for ${name}`} path={['namespaces', index, 'dataClass']} value={ns.dataClass} options={classes} /></td>
                    <td><TextField label={`Read/write mix for ${name}`} path={['namespaces', index, 'readWrite']} value={ns.readWrite ?? '100/0'} coerce={false} className="narrow" /></td>
                    <td><CheckboxField inline label={`Prewarm ${name}`} path={['namespaces', index, 'prewarm']} value={ns.prewarm} /></td>
                    <td><TextField label={`Description of ${name}`} path={['namespaces', index, 'description']} value={ns.description} coerce={false} className="wide" placeholder="(none)" /></td>
                    <td>
                      <button type="button" className="icon-button" aria-label={`Remove namespace ${name}`} title="Remove" disabled={namespaces.length <= 1} onClick={() => edit.removeItem(['namespaces'], index)}>×</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
