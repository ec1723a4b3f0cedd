/**
 * Run settings of the managed engines: a new server for the run (a cluster with its shard count) or
 * one started in Managed servers, and what a cluster does to the design's maxmemory (each master
 * gets its share: run/cluster-memory.ts), said before the run as the run's warnings say it after.
 */
import { MAX_RUN_SHARDS } from '../../../electron/common';
import { parseSizeBytes } from '../../../simulator/model/units';
import { clusterMemory } from '../../../simulator/run/cluster-memory';
import { store, useStore } from '../../store';
import { selectManaged } from '../../store/connections/selectors';
import { selectLastValidDesign } from '../../store/project/selectors';
import { runOptionProblems, shardsOf } from '../../store/runs/options';
import { selectRunOptions } from '../../store/runs/selectors';
import { serverName, ServersPanel } from './ServersPanel';

export function ManagedTarget() {
  const options = useStore(selectRunOptions);
  const managed = useStore(selectManaged);
  const design = useStore(selectLastValidDesign);
  const set = store.getState().setRunOptions;
  const cluster = options.engine === 'managed-cluster';
  const servers = (managed.status === 'ready' ? managed.value : []).filter((s) => (s.kind === 'cluster') === cluster);
  const chosen = servers.find((s) => s.id === options.managedServerId);
  const problem = runOptionProblems(options).shards;
  const shards = chosen ? chosen.url.split(',').length : cluster ? shardsOf(options.shards, MAX_RUN_SHARDS) : 1;
  const maxmemory = design ? parseSizeBytes(design.server.maxmemory) : null;
  const note = shards !== null && maxmemory?.ok ? clusterMemory(maxmemory.value, shards).brief : null;
  return (
    <>
      <label>
        Server
        <select value={chosen?.id ?? ''} onChange={(event) => set({ managedServerId: event.target.value })}>
          <option value="">{cluster ? 'A new cluster for this run' : 'A new server for this run'}</option>
          {servers.map((s) => <option key={s.id} value={s.id}>{serverName(s)}</option>)}
        </select>
      </label>
      {cluster && !chosen ? (
        <>
          <label>
            Shards
            <input
              inputMode="numeric" value={options.shards} aria-invalid={!!problem}
              aria-describedby={problem ? 'run-shards-error' : undefined} onChange={(event) => set({ shards: event.target.value })}
            />
          </label>
          {problem ? <p id="run-shards-error" className="field-error" role="alert">{problem}</p> : null}
        </>
      ) : null}
      {note ? <p className="warn-text" role="note" aria-label="Cluster maxmemory">{note} The result&apos;s warnings say it too.</p> : null}
      <ServersPanel />
    </>
  );
}
