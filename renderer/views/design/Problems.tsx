/** The problems list: every located error of the design; choosing one opens the YAML at its line. */
import { store, useStore } from '../../store';
import { selectErrors } from '../../store/project/selectors';

export function Problems() {
  const errors = useStore(selectErrors);
  return (
    <section className="problems" aria-labelledby="problems-heading">
      <h2 id="problems-heading">Problems <span className={`count ${errors.length > 0 ? 'bad' : 'good'}`}>{errors.length}</span></h2>
      {errors.length === 0 ? (
        <p className="help" role="status">No problems: the design is valid.</p>
      ) : (
        <ul aria-label="Problems" className="problem-list">
          {errors.map((error, index) => (
            <li key={index}>
              <button type="button" className="problem" onClick={() => store.getState().revealInYaml(error.line, error.column)}>
                <span className="where">{error.line}:{error.column}</span>
                {error.path ? <span className="path mono">{error.path}</span> : null}
                <span className="message">{error.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
