/** Channels & shards: channel groups, topology, workers, clients, backpressure, costs and the slot map. */
import { useMemo } from 'react';
import { slotMap } from '../../design/slot-map';
import { SlotMapChart } from '../../charts/SlotMapChart';
import { formatPercent, formatRate } from '../../format';
import { useStore } from '../../store';
import { selectLastValidDesign, selectRaw } from '../../store/project/selectors';
import { EmptyState } from '../common/States';
import { asList, asRecord, display, DistributionField, SelectField, TextField, useDesignEdit } from './fields';
import { TopologyCosts } from './TopologyCosts';

const PUBSUB_TEMPLATE = {
  classes: [{ name: 'events', delivery: 'pubsub' }],
  channels: [{ name: 'rooms', pattern: 'room:{{id}}', count: 100, class: 'events', publishRate: '1000/s', spread: { dist: 'zipf', alpha: 1 } }],
  topology: { mode: 'cluster', shards: 3, publish: 'sharded' },
  workers: { count: 2 },
  clients: { total: 1000 },
  backpressure: { queueLimit: 1000, policy: 'drop-oldest' },
};

export function ChannelsShards() {
  const raw = useStore(selectRaw);
  const design = useStore(selectLastValidDesign);
  const edit = useDesignEdit();
  const map = useMemo(() => (design?.pubsub ? slotMap(design.pubsub) : null), [design]);
  if (!raw) return <EmptyState title="The YAML has syntax errors">Fix them in the YAML tab; the forms come back when the text parses.</EmptyState>;
  const pubsub = asRecord(raw.pubsub);
  if (!raw.pubsub) {
    return (
      <section aria-labelledby="channels-heading" className="design-section">
        <h2 id="channels-heading">Channels & shards</h2>
        <EmptyState title="No pub/sub in this design">
          <p>Add a pub/sub section to model channels, shards, workers and clients; runs then simulate the fan-out too.</p>
          <button type="button" onClick={() => edit.set(['pubsub'], PUBSUB_TEMPLATE, { blockLevels: 2 })}>Add pub/sub section</button>
        </EmptyState>
      </section>
    );
  }
  const channels = asList(pubsub.channels).map(asRecord);
  const classes = asList(pubsub.classes).map((c) => display(asRecord(c).name)).filter(Boolean);
  const topology = asRecord(pubsub.topology);
  const workers = asRecord(pubsub.workers);
  const clients = asRecord(pubsub.clients);
  const backpressure = asRecord(pubsub.backpressure);
  return (
    <section aria-labelledby="channels-heading" className="design-section">
      <div className="section-head">
        <h2 id="channels-heading">Channels & shards</h2>
        <button type="button" onClick={() => edit.append(['pubsub', 'channels'], { name: `group${channels.length + 1}`, pattern: `group${channels.length + 1}:{id}`, count: 10, class: classes[0] ?? 'default', publishRate: '100/s' }, { blockLevels: 0 })}>Add channel group</button>
        <button type="button" onClick={() => edit.removeKey(['pubsub'])} title="Removes the whole pubsub: section (Ctrl+Z brings it back)">Remove pub/sub section</button>
      </div>
      <table className="data-table" aria-label="Channel groups">
        <thead><tr><th scope="col">Group</th><th scope="col">Pattern</th><th scope="col">Channels</th><th scope="col">Class</th><th scope="col">Publish rate</th><th scope="col">Spread</th><th scope="col">Payload</th><th scope="col">Arrivals</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {channels.map((group, index) => {
            const name = display(group.name) || `#${index + 1}`;
            const spread = asRecord(group.spread);
            const path = ['pubsub', 'channels', index];
            return (
              <tr key={index}>
                <th scope="row"><TextField label={`Name of channel group ${index + 1}`} path={[...path, 'name']} value={group.name} coerce={false} className="medium" /></th>
                <td><TextField label={`Channel pattern for ${name}`} path={[...path, 'pattern']} value={group.pattern} coerce={false} className="wide mono" /></td>
                <td><TextField label={`Channel count for ${name}`} path={[...path, 'count']} value={group.count ?? 1} className="narrow num" /></td>
                <td><SelectField label={`Class for ${name}`} path={[...path, 'class']} value={group.class} options={classes} /></td>
                <td><TextField label={`Publish rate for ${name}`} path={[...path, 'publishRate']} value={group.publishRate} coerce={false} className="narrow mono" /></td>
                <td>
                  <span className="compound">
                    <SelectField label={`Spread for ${name}`} path={[...path, 'spread', 'dist']} value={spread.dist ?? 'uniform'} options={['uniform', 'zipf', 'hot']}
                      onChange={(dist) => edit.set([...path, 'spread'], dist === 'zipf' ? { dist, alpha: 1 } : dist === 'hot' ? { dist, share: '50%' } : { dist })} />
                    {spread.dist === 'zipf' ? <TextField label={`Spread alpha for ${name}`} path={[...path, 'spread', 'alpha']} value={spread.alpha} className="narrow" /> : null}
                    {spread.dist === 'hot' ? <TextField label={`Hot share for ${name}`} path={[...path, 'spread', 'share']} value={spread.share} coerce={false} className="narrow" /> : null}
                  </span>
                </td>
                <td><DistributionField label={(key) => `Payload ${key ? `${key} ` : ''}for ${name}`} path={[...path, 'payload']} value={group.payload} placeholder="256b" /></td>
                <td><SelectField label={`Arrivals for ${name}`} path={[...path, 'arrivals']} value={group.arrivals} options={['poisson', 'even']} /></td>
                <td><button type="button" className="icon-button" aria-label={`Remove channel group ${name}`} disabled={channels.length <= 1} onClick={() => edit.removeItem(['pubsub', 'channels'], index)}>×</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="form-grid">
        <SelectField inline={false} label="Topology" path={['pubsub', 'topology', 'mode']} value={topology.mode ?? 'standalone'} options={['standalone', 'sentinel', 'cluster']} />
        <TextField inline={false} label="Shards" path={['pubsub', 'topology', 'shards']} value={topology.shards} placeholder={topology.mode === 'cluster' ? '3' : '1'} />
        <SelectField inline={false} label="Publish" path={['pubsub', 'topology', 'publish']} value={topology.publish ?? 'classic'} options={['classic', 'sharded']} />
        <TextField inline={false} label="Workers" path={['pubsub', 'workers', 'count']} value={workers.count} placeholder="2" />
        <SelectField inline={false} label="Worker placement" path={['pubsub', 'workers', 'placement']} value={workers.placement ?? 'non-sticky'} options={['sticky', 'non-sticky']} />
        <TextField inline={false} label="Clients" path={['pubsub', 'clients', 'total']} value={clients.total} />
        <TextField inline={false} label="Client speed" path={['pubsub', 'clients', 'speed']} value={clients.speed} coerce={false} placeholder="500/s" />
        <TextField inline={false} label="Queue limit (messages)" path={['pubsub', 'backpressure', 'queueLimit']} value={backpressure.queueLimit} placeholder="1000" />
        <SelectField inline={false} label="Backpressure policy" path={['pubsub', 'backpressure', 'policy']} value={backpressure.policy ?? 'drop-oldest'} options={['drop-oldest', 'drop-newest', 'coalesce', 'block']} />
      </div>
      <TopologyCosts pubsub={pubsub} />
      <h3 id="slot-map-heading">Slot and shard map</h3>
      {!map ? <EmptyState title="No map while the design has errors">Fix the problems below; the map shows the last valid design.</EmptyState> : (
        <div className="slot-map-wrap">
          <p className="help">
            Each tick is a channel at its hash slot (CRC16 mod 16 384; a {'{hash tag}'} hashes alone); shading is the estimated load on an absolute scale (the same colour for the same messages per second in every design).
            {map.publish === 'classic' && map.shards.length > 1 ? ' Classic PUBLISH is broadcast to every node, so every shard carries every message; sharded SPUBLISH keeps a channel on its own shard.' : ''}
            {map.omittedChannels > 0 ? ` ${map.omittedChannels.toLocaleString('en-US')} channels are summarised by a sample.` : ''}
          </p>
          <SlotMapChart map={map} />
          <table className="data-table compact" aria-label="Shard load">
            <thead><tr><th scope="col">Shard</th><th scope="col">Slots</th><th scope="col">Channels</th><th scope="col">Estimated load</th><th scope="col">Share</th></tr></thead>
            <tbody>
              {map.shards.map((shard) => {
                const total = map.shards.reduce((sum, s) => sum + s.ratePerSec, 0);
                return (
                  <tr key={shard.shard} className={shard.hot ? 'hot-row' : undefined}>
                    <th scope="row">{shard.shard}{shard.hot ? ' (hot)' : shard.tied ? ' (tied for the most)' : ''}</th>
                    <td>{shard.fromSlot}–{shard.toSlot}</td>
                    <td className="num">{shard.channels}</td>
                    <td className="num">{formatRate(shard.ratePerSec)}</td>
                    <td className="num">{formatPercent(total > 0 ? shard.ratePerSec / total : 0)}</td>
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
