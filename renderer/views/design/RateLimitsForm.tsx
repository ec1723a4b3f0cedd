/**
 * Rate limits: the design's limiters (key pattern, what a client is, how many and how skewed, the
 * limit per period, the algorithm and its options) and the abusive clients that test them. Their
 * keys share the cache's memory, policy and eviction.
 */
import { RATE_LIMIT_ALGORITHMS } from '../../../simulator/model';
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import { addLimiter, KEYED_BY, NEW_ABUSIVE, newLimiter, setRace, switchAlgorithm, switchKeyedBy, WINDOWS } from '../../yaml/rate-limits';
import { EmptyState } from '../common/States';
import { asList, asRecord, CheckboxField, display, SelectField, TextField, useDesignEdit } from './fields';
import { SkewField } from './SkewField';
import { ErrorsAt } from './VariantFields';

/** Fields with an input of their own, which shows their errors (the race checkbox does not). */
const SHOWN = ['name', 'pattern', 'keyedBy', 'clients', 'limit', 'period', 'algorithm', 'shadow'];
const SHOWN_FIXED = [...SHOWN, 'window', 'raceLoss'];

function Options({ index, limiter, name }: { index: number; limiter: Record<string, unknown>; name: string }) {
  const edit = useDesignEdit();
  const path = ['rateLimits', index];
  const fixed = display(limiter.algorithm) === 'fixed-window';
  return (
    <span className="compound">
      <span className="sub-field"><span className="sub-label" aria-hidden="true">shadow</span><CheckboxField inline label={`Shadow ${name}`} path={[...path, 'shadow']} value={limiter.shadow} /></span>
      {fixed ? (
        <>
          <span className="sub-field"><span className="sub-label" aria-hidden="true">window</span><SelectField label={`Window of ${name}`} path={[...path, 'window']} value={limiter.window} options={WINDOWS} /></span>
          <span className="sub-field">
            <span className="sub-label" aria-hidden="true">race</span>
            <input type="checkbox" aria-label={`INCR/EXPIRE race for ${name}`} checked={limiter.race === true} onChange={(event) => edit.chain((text) => setRace(text, index, event.target.checked))} />
          </span>
          {limiter.race === true ? (
            <span className="sub-field"><span className="sub-label" aria-hidden="true">lost</span><TextField label={`EXPIREs lost for ${name}`} path={[...path, 'raceLoss']} value={limiter.raceLoss} coerce={false} className="narrow" placeholder="1%" /></span>
          ) : null}
        </>
      ) : null}
      <ErrorsAt path={path} shown={fixed ? SHOWN_FIXED : SHOWN} />
    </span>
  );
}

function Abusive({ abusive, hasLimiters }: { abusive: unknown; hasLimiters: boolean }) {
  const edit = useDesignEdit();
  const path = ['traffic', 'abusive'];
  const value = asRecord(abusive);
  return (
    <>
      <div className="section-head">
        <h3 id="abusive-heading">Abusive clients</h3>
        {abusive === undefined
          ? <button type="button" disabled={!hasLimiters} onClick={() => edit.set(path, { ...NEW_ABUSIVE })}>Add abusive clients</button>
          : <button type="button" onClick={() => edit.removeKey(path)}>Remove abusive clients</button>}
      </div>
      <ErrorsAt path={path} shown={['clients', 'rateMultiple', 'edgeBursts']} />
      {abusive === undefined ? <p className="help">Every client sends at the mean rate; none goes over its limit on purpose.</p> : (
        <>
          <p className="help">A share of each limiter&apos;s clients sends a multiple of the mean rate; with edge bursts, only that close to each window edge.</p>
          <div className="form-grid" role="group" aria-labelledby="abusive-heading">
            <TextField inline={false} label="Abusive share of clients" path={[...path, 'clients']} value={value.clients} coerce={false} placeholder="2%" />
            <TextField inline={false} label="Rate multiple" path={[...path, 'rateMultiple']} value={value.rateMultiple} placeholder="10" />
            <TextField inline={false} label="Edge bursts within" path={[...path, 'edgeBursts']} value={value.edgeBursts} coerce={false} placeholder="the whole period" />
          </div>
        </>
      )}
    </>
  );
}

export function RateLimitsForm() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const limiters = asList(raw.rateLimits).map(asRecord);
  const users = asRecord(raw.traffic).users;
  const add = () => {
    const limiter = newLimiter(limiters.map((l) => display(l.name)), typeof users === 'number' && users >= 1 ? users : 1000);
    edit.chain((text) => addLimiter(text, limiter));
  };
  return (
    <section aria-labelledby="rate-limits-heading" className="design-section">
      <div className="section-head">
        <h2 id="rate-limits-heading">Rate limits</h2>
        <button type="button" onClick={add}>Add limiter</button>
      </div>
      <ErrorsAt path={['rateLimits']} />
      <p className="help">
        Each request passes every limiter in turn; an enforcing one&apos;s refusal (429) stops it before the cache, a shadow one only counts.
        Limiter keys live in the same Redis as the cache: under maxmemory they can be evicted, and an evicted counter starts over.
      </p>
      {limiters.length === 0 ? <EmptyState title="No rate limiters">Add one: the guides&apos; limiter allows 100 requests per 60 s per IP (INCR + EXPIRE).</EmptyState> : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="rate-limits-heading">
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Pattern</th><th scope="col">Keyed by</th><th scope="col">Clients</th><th scope="col">Skew</th>
                <th scope="col">Limit</th><th scope="col">Period</th><th scope="col">Algorithm</th><th scope="col">Options</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {limiters.map((limiter, index) => {
                const name = display(limiter.name) || `limiter ${index + 1}`;
                const path = ['rateLimits', index];
                const keyedBy = display(limiter.keyedBy) || 'ip';
                return (
                  <tr key={index}>
                    <th scope="row"><TextField label={`Name of limiter ${index + 1}`} path={[...path, 'name']} value={limiter.name} coerce={false} className="limiter-name" /></th>
                    <td><TextField label={`Pattern for ${name}`} path={[...path, 'pattern']} value={limiter.pattern} coerce={false} className="limiter-pattern mono" /></td>
                    <td><SelectField label={`Keyed by for ${name}`} path={[...path, 'keyedBy']} value={keyedBy} options={KEYED_BY} onChange={(next) => edit.chain((text) => switchKeyedBy(text, index, limiter.pattern, keyedBy, next))} /></td>
                    <td><TextField label={`Clients for ${name}`} path={[...path, 'clients']} value={limiter.clients} className="narrow num" /></td>
                    <td><SkewField path={[...path, 'skew']} name={name} value={limiter.skew} hotLabel="Hot clients" /></td>
                    <td><TextField label={`Limit for ${name}`} path={[...path, 'limit']} value={limiter.limit} className="narrow num" /></td>
                    <td><TextField label={`Period for ${name}`} path={[...path, 'period']} value={limiter.period} coerce={false} className="narrow" placeholder="60s" /></td>
                    <td><SelectField label={`Algorithm for ${name}`} path={[...path, 'algorithm']} value={limiter.algorithm} options={RATE_LIMIT_ALGORITHMS} onChange={(next) => edit.chain((text) => switchAlgorithm(text, index, next))} /></td>
                    <td><Options index={index} limiter={limiter} name={name} /></td>
                    <td><button type="button" className="icon-button" aria-label={`Remove limiter ${name}`} title="Remove" onClick={() => edit.removeItem(['rateLimits'], index)}>×</button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="help">
        <code>fixed-window</code>: INCR + EXPIRE, up to twice the limit across a window edge (<code>race</code>: a lost EXPIRE keeps refusing its client);
        {' '}<code>sliding-log</code>: exact, a sorted set of admitted requests per client; <code>sliding-counter</code>: two windows weighted;
        {' '}<code>token-bucket</code> and <code>gcra</code>: a burst of the limit, then the refill rate. <code>shadow</code>: decides and counts, never refuses.
      </p>
      <Abusive abusive={asRecord(raw.traffic).abusive} hasLimiters={limiters.length > 0} />
    </section>
  );
}
