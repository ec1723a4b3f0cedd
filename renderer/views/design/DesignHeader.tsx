/**
 * The top of a design: its name and description (above the namespaces), and its environments
 * with the default one (above the TTL matrix, whose columns they are).
 */
import { useStore } from '../../store';
import { environmentsOf, selectRaw } from '../../store/project/selectors';
import { display, SelectField, TextField, useDesignEdit } from './fields';

export function DesignIdentity() {
  const raw = useStore(selectRaw);
  if (!raw) return null;
  return (
    <section aria-labelledby="identity-heading" className="design-section" style={{ marginBottom: '1rem' }}>
      <h2 id="identity-heading">Design</h2>
      <div className="form-grid">
        <TextField inline={false} label="Design name" path={['name']} value={raw.name} coerce={false} className="wide" />
        <TextField inline={false} label="Design description" path={['description']} value={raw.description} coerce={false} className="wide" placeholder="(none)" />
      </div>
    </section>
  );
}

/** `dev, staging, prod` ⇄ `[dev, staging, prod]`. */
function environmentList(text: string | number | boolean): string[] {
  return String(text).split(',').map((env) => env.trim()).filter(Boolean);
}

export function EnvironmentsFields() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  if (!raw) return null;
  const environments = environmentsOf(raw);
  return (
    <div className="form-grid" role="group" aria-label="Environments">
      <TextField
        inline={false} label="Environments (comma-separated)" path={['environments']} value={environments.join(', ')} coerce={false}
        className="wide" placeholder="dev, staging, prod" onCommit={(text) => edit.set(['environments'], environmentList(text))}
      />
      <SelectField inline={false} label="Default environment" path={['defaultEnvironment']} value={display(raw.defaultEnvironment) || undefined} options={environments} />
    </div>
  );
}
