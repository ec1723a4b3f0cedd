/** Server: the redis.conf settings the simulator honours, plus the origin and client. */
import { EVICTION_POLICIES } from '../../../simulator/model';
import { useStore } from '../../store';
import { selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { asRecord, CheckboxField, DistributionField, SelectField, TextField } from './fields';

export function ServerSettings() {
  const raw = useStore(selectRaw);
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const server = asRecord(raw.server);
  const origin = asRecord(raw.origin);
  const client = asRecord(raw.client);
  return (
    <section aria-labelledby="server-heading" className="design-section">
      <h2 id="server-heading">Server</h2>
      <div className="form-grid">
        <TextField inline={false} label="maxmemory" path={['server', 'maxmemory']} value={server.maxmemory} coerce={false} placeholder="0b (no limit)" />
        <SelectField inline={false} label="maxmemory-policy" path={['server', 'maxmemoryPolicy']} value={server.maxmemoryPolicy} options={[...EVICTION_POLICIES, 'exact-lru']} />
        <TextField inline={false} label="maxmemory-samples" path={['server', 'maxmemorySamples']} value={server.maxmemorySamples} placeholder="5" />
        <TextField inline={false} label="lfu-log-factor" path={['server', 'lfuLogFactor']} value={server.lfuLogFactor} placeholder="10" />
        <TextField inline={false} label="lfu-decay-time" path={['server', 'lfuDecayTime']} value={server.lfuDecayTime} coerce={false} placeholder="1m" />
        <TextField inline={false} label="hz" path={['server', 'hz']} value={server.hz} placeholder="10" />
        <TextField inline={false} label="active-expire-effort" path={['server', 'activeExpireEffort']} value={server.activeExpireEffort} placeholder="1" />
        <CheckboxField label="Cluster mode" path={['server', 'cluster']} value={server.cluster} />
      </div>
      <h3>Origin (the database behind the cache)</h3>
      <div className="form-grid">
        <DistributionField inline={false} label={(key) => (key ? `Origin latency ${key}` : 'Origin latency')} path={['origin', 'latency']} value={origin.latency} placeholder="20ms" />
        <TextField inline={false} label="Origin max concurrency" path={['origin', 'maxConcurrency']} value={origin.maxConcurrency} placeholder="100" />
        <TextField inline={false} label="Origin capacity" path={['origin', 'capacity']} value={origin.capacity} coerce={false} placeholder="unlimited (e.g. 2000/s)" />
      </div>
      <h3>Client</h3>
      <div className="form-grid">
        <TextField inline={false} label="Round trip to Redis" path={['client', 'rtt']} value={client.rtt} coerce={false} placeholder="300us" />
        <CheckboxField label="Single flight (coalesce concurrent misses)" path={['client', 'singleFlight']} value={client.singleFlight} />
      </div>
    </section>
  );
}
