/**
 * Servers: managed redis-servers and clusters this app starts on the host, each with its stats from
 * INFO (memory against maxmemory, clients, ops/s, keys, uptime), stopped one by one or all at once.
 */
import { useEffect, useState } from 'react';
import type { ManagedServerStats } from '../../../electron/common';
import { messageOf } from '../../app/commands';
import { formatBytes, formatCount, formatDuration, formatRate } from '../../format';
import { store, useStore } from '../../store';
import type { ManagedServer } from '../../store/connections/slice';
import { selectManaged } from '../../store/connections/selectors';
import { MAX_SHARDS, shardsOf } from '../../store/runs/options';
import { useServices } from '../context';
import { useManagedStats } from './useManagedStats';

/** "managed-2: cluster of 3 shards". */
export function serverName(server: ManagedServer, stats?: ManagedServerStats): string {
  if (server.kind === 'single') return `${server.id}: single server`;
  const shards = stats?.masters ?? server.url.split(',').length;
  return `${server.id}: cluster of ${shards} shard${shards === 1 ? '' : 's'}`;
}

function StatsList({ stats }: { stats: ManagedServerStats | undefined }) {
  if (!stats) return <p className="help">Reading stats…</p>;
  if (stats.error) return <p className="warn-text">{stats.error}</p>;
  const rows: Array<[string, string]> = [
    ['Memory', `${formatBytes(stats.usedMemoryBytes)} of ${stats.maxmemoryBytes > 0 ? formatBytes(stats.maxmemoryBytes) : 'no maxmemory'}`],
    ['Clients', formatCount(stats.clients)],
    ['Ops/s', formatRate(stats.opsPerSec).replace('/s', '')],
    ['Keys', formatCount(stats.keys)],
    ['Uptime', formatDuration(stats.uptimeSec * 1000)],
  ];
  return <dl className="server-stats">{rows.map(([name, value]) => <div key={name}><dt>{name}</dt><dd>{value}</dd></div>)}</dl>;
}

export function ServersPanel() {
  const { api } = useServices();
  const managed = useStore(selectManaged);
  const [open, setOpen] = useState(true);
  const [kind, setKind] = useState<'single' | 'cluster'>('cluster');
  const [shards, setShards] = useState('3');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const servers = managed.status === 'ready' ? managed.value : [];
  const { stats, error: statsError } = useManagedStats(open && servers.length > 0);
  const shardCount = shardsOf(shards);

  const refresh = async () => {
    try {
      store.getState().setManaged({ status: 'ready', value: await api.listManagedServers({}) });
    } catch (failure) {
      store.getState().setManaged({ status: 'error', message: messageOf(failure) });
    }
  };
  useEffect(() => {
    if (managed.status === 'idle') void refresh();
    // Once, when the panel first shows.
  }, []);

  const act = async (what: () => Promise<unknown>, failure: string) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (caught) {
      setError(`${failure}: ${messageOf(caught)}`);
    } finally {
      await refresh();
      const chosen = store.getState().runOptions.managedServerId;
      const list = store.getState().managed;
      if (chosen && list.status === 'ready' && !list.value.some((s) => s.id === chosen)) store.getState().setRunOptions({ managedServerId: '' });
      setBusy(false);
    }
  };
  const start = () => act(async () => {
    const server = await api.startManagedServer(kind === 'single' ? { kind } : { kind, shards: shardCount ?? 3 });
    store.getState().setRunOptions({ engine: kind === 'single' ? 'managed' : 'managed-cluster', managedServerId: server.id });
  }, 'Could not start the server');
  const stop = (id: string) => act(() => api.stopManagedServer({ id }), `Could not stop ${id}`);
  const stopAll = () => act(() => Promise.all(servers.map((s) => api.stopManagedServer({ id: s.id }))), 'Could not stop every server');

  return (
    <details className="servers" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Managed servers</summary>
      <p className="help">redis-servers this app starts on the host and stops when it closes; a run on one of them shows its memory, clients and ops/s here as it goes (every 2 s).</p>
      <div className="form-stack">
        <label>Kind
          <select value={kind} onChange={(event) => setKind(event.target.value as 'single' | 'cluster')}>
            <option value="cluster">Cluster</option>
            <option value="single">Single server</option>
          </select>
        </label>
        {kind === 'cluster' ? (
          <label>Shards
            <input inputMode="numeric" value={shards} onChange={(event) => setShards(event.target.value)} aria-invalid={shardCount === null} aria-describedby="server-shards-help" />
          </label>
        ) : null}
        {kind === 'cluster' ? <p id="server-shards-help" className={`help ${shardCount === null ? 'warn-text' : ''}`}>{shardCount === null ? `Write a whole number from 1 to ${MAX_SHARDS}.` : 'Masters, each with its share of the 16384 hash slots.'}</p> : null}
        <div className="button-row">
          <button type="button" disabled={busy || (kind === 'cluster' && shardCount === null)} onClick={() => void start()}>{busy ? 'Working…' : 'Start server'}</button>
          <button type="button" disabled={busy || servers.length === 0} onClick={() => void stopAll()}>Stop all</button>
        </div>
        {error ? <p className="warn-text" role="alert">{error}</p> : null}
        {managed.status === 'error' ? <p className="warn-text" role="alert">{managed.message}</p> : null}
        {statsError ? <p className="warn-text">{statsError}</p> : null}
      </div>
      {servers.length > 0 ? (
        <ul className="server-list" aria-label="Running managed servers">
          {servers.map((server) => (
            <li key={server.id} aria-label={serverName(server, stats[server.id])}>
              <strong>{serverName(server, stats[server.id])}</strong>
              <span className="mono muted small">{server.url}{server.version ? ` · Redis ${server.version}` : ''}</span>
              <StatsList stats={stats[server.id]} />
              <button type="button" disabled={busy} onClick={() => void stop(server.id)} aria-label={`Stop ${server.id}`}>Stop</button>
            </li>
          ))}
        </ul>
      ) : managed.status === 'ready' ? <p className="help">No managed server is running.</p> : null}
    </details>
  );
}
