/** Delivery & clients: pub/sub delivery classes, audiences (who follows what), slow clients, reconnect. */
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { asList, asRecord, display, SelectField, TextField, useDesignEdit } from './fields';
import { ErrorsAt } from './VariantFields';

const DELIVERIES = ['pubsub', 'streams'] as const;
const PER = ['one', 'all'] as const;

function Classes({ classes }: { classes: Array<Record<string, unknown>> }) {
  const edit = useDesignEdit();
  return (
    <>
      <div className="section-head">
        <h3 id="classes-heading">Delivery classes</h3>
        <button type="button" onClick={() => edit.append(['pubsub', 'classes'], { name: `class${classes.length + 1}`, delivery: 'pubsub' }, { blockLevels: 0 })}>Add class</button>
      </div>
      <p className="help"><code>pubsub</code>: at-most-once, a disconnect loses what was buffered. <code>streams</code>: retained, replayed from the last ACK.</p>
      <table className="data-table" aria-labelledby="classes-heading">
        <thead><tr><th scope="col">Class</th><th scope="col">Delivery</th><th scope="col">ACK interval</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {classes.map((item, index) => {
            const path = ['pubsub', 'classes', index];
            const noun = `class ${index + 1}`;
            return (
              <tr key={index}>
                <td><TextField label={`Name of ${noun}`} path={[...path, 'name']} value={item.name} coerce={false} className="medium" /></td>
                <td><SelectField label={`Delivery of ${noun}`} path={[...path, 'delivery']} value={item.delivery} options={DELIVERIES} /></td>
                <td>
                  <TextField label={`ACK interval of ${noun}`} path={[...path, 'ackInterval']} value={item.ackInterval} coerce={false} className="narrow" placeholder="1s" />
                  <ErrorsAt path={path} shown={['name', 'delivery', 'ackInterval']} />
                </td>
                <td><button type="button" className="icon-button" aria-label={`Remove ${noun}`} title="Remove" disabled={classes.length === 1} onClick={() => edit.removeItem(['pubsub', 'classes'], index)}>×</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Audiences({ audiences, groups }: { audiences: Array<Record<string, unknown>>; groups: string[] }) {
  const edit = useDesignEdit();
  const base = ['pubsub', 'clients', 'audiences'];
  const newAudience = { name: `audience${audiences.length + 1}`, share: audiences.length === 0 ? '100%' : '0%', follows: [{ channels: groups[0] ?? 'default', per: 'one' }] };
  return (
    <>
      <div className="section-head">
        <h3 id="audiences-heading">Audiences</h3>
        <button type="button" onClick={() => edit.append(base, newAudience, { blockLevels: 0 })}>Add audience</button>
      </div>
      <ErrorsAt path={base} />
      <p className="help">Shares of all clients, adding up to 100%. <code>per: one</code> follows one channel of the group (a room); <code>per: all</code> every channel.</p>
      {audiences.length === 0 ? <EmptyState title="No audiences">Every client follows every channel.</EmptyState> : (
        <table className="data-table" aria-labelledby="audiences-heading">
          <thead><tr><th scope="col">Audience</th><th scope="col">Share</th><th scope="col">Follows</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {audiences.map((audience, index) => {
              const path = [...base, index];
              const noun = `audience ${index + 1}`;
              const follows = asList(audience.follows).map(asRecord);
              return (
                <tr key={index}>
                  <td><TextField label={`Name of ${noun}`} path={[...path, 'name']} value={audience.name} coerce={false} className="medium" /></td>
                  <td>
                    <TextField label={`Share of ${noun}`} path={[...path, 'share']} value={audience.share} coerce={false} className="narrow" placeholder="100%" />
                    <ErrorsAt path={path} shown={['name', 'share', 'follows']} />
                  </td>
                  <td>
                    {follows.map((follow, j) => (
                      <span key={j} className="compound">
                        <SelectField label={`Channel group ${j + 1} of ${noun}`} path={[...path, 'follows', j, 'channels']} value={follow.channels} options={groups} />
                        <SelectField label={`Per of follow ${j + 1} of ${noun}`} path={[...path, 'follows', j, 'per']} value={follow.per} options={PER} />
                        <button type="button" className="icon-button" aria-label={`Remove follow ${j + 1} of ${noun}`} title="Remove" disabled={follows.length === 1} onClick={() => edit.removeItem([...path, 'follows'], j)}>×</button>
                      </span>
                    ))}
                    <button type="button" onClick={() => edit.append([...path, 'follows'], { channels: groups[0] ?? 'default', per: 'one' }, { blockLevels: 0 })}>Add follow to {noun}</button>
                  </td>
                  <td><button type="button" className="icon-button" aria-label={`Remove ${noun}`} title="Remove" onClick={() => edit.removeItem(base, index)}>×</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

function SlowClients({ slow }: { slow: unknown }) {
  const edit = useDesignEdit();
  const path = ['pubsub', 'clients', 'slow'];
  const value = asRecord(slow);
  return (
    <>
      <div className="section-head">
        <h3 id="slow-heading">Slow clients</h3>
        {slow === undefined
          ? <button type="button" onClick={() => edit.set(path, { share: '2%', speed: '2/s' })}>Add slow clients</button>
          : <button type="button" onClick={() => edit.removeKey(path)}>Remove slow clients</button>}
      </div>
      {slow === undefined ? <p className="help">Every client takes messages at the clients&apos; speed.</p> : (
        <div className="form-grid" role="group" aria-labelledby="slow-heading">
          <ErrorsAt path={path} shown={['share', 'speed']} />
          <TextField inline={false} label="Share of slow clients" path={[...path, 'share']} value={value.share} coerce={false} placeholder="2%" />
          <TextField inline={false} label="Slow client speed" path={[...path, 'speed']} value={value.speed} coerce={false} placeholder="2/s" />
        </div>
      )}
    </>
  );
}

function Reconnect({ pubsub }: { pubsub: Record<string, unknown> }) {
  const path = ['pubsub', 'reconnect'];
  const reconnect = asRecord(pubsub.reconnect);
  return (
    <>
      <h3 id="reconnect-heading">Reconnect and connections</h3>
      <p className="help">
        Attempt n waits min(max, base·2<sup>n−1</sup>), minus up to jitter; clients are split into lanes that reconnect at different times.
        A silent connection loss is noticed after one heartbeat.
      </p>
      <ErrorsAt path={path} shown={['base', 'max', 'jitter', 'lanes']} />
      <div className="form-grid" role="group" aria-labelledby="reconnect-heading">
        <TextField inline={false} label="Reconnect base" path={[...path, 'base']} value={reconnect.base} coerce={false} placeholder="100ms" />
        <TextField inline={false} label="Reconnect max" path={[...path, 'max']} value={reconnect.max} coerce={false} placeholder="10s" />
        <TextField inline={false} label="Reconnect jitter" path={[...path, 'jitter']} value={reconnect.jitter} coerce={false} placeholder="50%" />
        <TextField inline={false} label="Reconnect lanes" path={[...path, 'lanes']} value={reconnect.lanes} placeholder="8" />
        <TextField inline={false} label="Heartbeat" path={['pubsub', 'backpressure', 'heartbeat']} value={asRecord(pubsub.backpressure).heartbeat} coerce={false} placeholder="30s" />
        <TextField inline={false} label="Client latency" path={['pubsub', 'clients', 'latency']} value={asRecord(pubsub.clients).latency} coerce={false} placeholder="10ms" />
        <TextField inline={false} label="Drain after the last publish" path={['pubsub', 'drain']} value={pubsub.drain} coerce={false} placeholder="10s" />
      </div>
    </>
  );
}

export function DeliveryForm() {
  const raw = useStore(selectRaw);
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const pubsub = asRecord(raw.pubsub);
  if (!raw.pubsub) {
    return (
      <section aria-labelledby="delivery-heading" className="design-section">
        <h2 id="delivery-heading">Delivery & clients</h2>
        <EmptyState title="No pub/sub in this design">Add a pub/sub section under Channels &amp; shards first.</EmptyState>
      </section>
    );
  }
  const clients = asRecord(pubsub.clients);
  const groups = asList(pubsub.channels).map((group) => display(asRecord(group).name)).filter(Boolean);
  return (
    <section aria-labelledby="delivery-heading" className="design-section">
      <h2 id="delivery-heading">Delivery & clients</h2>
      <Classes classes={asList(pubsub.classes).map(asRecord)} />
      <Audiences audiences={asList(clients.audiences).map(asRecord)} groups={groups} />
      <SlowClients slow={clients.slow} />
      <Reconnect pubsub={pubsub} />
    </section>
  );
}
