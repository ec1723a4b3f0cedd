/** Failures: timed events of a pub/sub run (worker restart, disconnects, failover, reconnect storm). */
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import type { Variants } from '../../yaml/variants';
import { EmptyState } from '../common/States';
import { asList, asRecord, TextField, useDesignEdit } from './fields';
import { VariantFields, VariantSelect } from './VariantFields';

/** Each kind's fields with the value a new one starts from (undefined: optional, empty by default). */
const FAILURE_KINDS: Variants = {
  'worker-restart': { at: '30s', worker: 0, duration: '5s' },
  'subscriber-disconnect': { at: '30s', worker: undefined, shard: undefined, duration: '0s', silent: false },
  'shard-failover': { at: '30s', shard: 0, duration: '15s' },
  'reconnect-storm': { at: '30s', share: '100%', worker: undefined },
};

const HINTS = { worker: 'every worker', shard: 'every node' };

const EXPLAIN: Record<string, string> = {
  'worker-restart': 'one worker goes down: its clients reconnect elsewhere',
  'subscriber-disconnect': 'Redis subscriber connections drop',
  'shard-failover': 'a master fails; publishes retry until the replica is promoted',
  'reconnect-storm': 'a share of clients reconnect at once',
};

const COERCED = ['worker', 'shard', 'silent'];

export function FailuresForm() {
  const raw = useStore(selectRaw);
  const edit = useDesignEdit();
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  if (!raw.pubsub) {
    return (
      <section aria-labelledby="failures-heading" className="design-section">
        <h2 id="failures-heading">Failures</h2>
        <EmptyState title="No pub/sub in this design">Failure events act on the pub/sub fan-out; add a pub/sub section under Channels &amp; shards first.</EmptyState>
      </section>
    );
  }
  const failures = asList(asRecord(raw.pubsub).failures).map(asRecord);
  return (
    <section aria-labelledby="failures-heading" className="design-section">
      <div className="section-head">
        <h2 id="failures-heading">Failures</h2>
        <button type="button" onClick={() => edit.append(['pubsub', 'failures'], { kind: 'worker-restart', ...FAILURE_KINDS['worker-restart'] }, { blockLevels: 0 })}>Add failure</button>
      </div>
      <p className="help">Events injected during the run; <code>at</code> counts from the run&apos;s start.</p>
      {failures.length === 0 ? <EmptyState title="No failures">The run has no injected failures.</EmptyState> : (
        <table className="data-table" aria-labelledby="failures-heading">
          <thead><tr><th scope="col">Kind</th><th scope="col">At</th><th scope="col">Details</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {failures.map((failure, index) => {
              const path = ['pubsub', 'failures', index];
              const noun = `failure ${index + 1}`;
              return (
                <tr key={index}>
                  <td>
                    <VariantSelect path={path} item={failure} discriminator="kind" variants={FAILURE_KINDS} noun={noun} />
                    <span className="muted small">{EXPLAIN[String(failure.kind)] ?? ''}</span>
                  </td>
                  <td><TextField label={`At of ${noun}`} path={[...path, 'at']} value={failure.at} coerce={false} className="narrow" placeholder="30s" /></td>
                  <td><VariantFields path={path} item={failure} discriminator="kind" variants={FAILURE_KINDS} noun={noun} skip={['at']} numeric={COERCED} hints={HINTS} /></td>
                  <td><button type="button" className="icon-button" aria-label={`Remove ${noun}`} title="Remove" onClick={() => edit.removeItem(['pubsub', 'failures'], index)}>×</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
