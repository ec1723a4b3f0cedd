/** How to run: engine, environment, seed, request budget, and the saved connection for live runs. */
import type { EngineChoice } from '../../../electron/common';
import { store, useStore } from '../../store';
import { engineUnavailable, selectConnections } from '../../store/connections/selectors';
import { environmentsOf, selectRaw } from '../../store/project/selectors';
import { runOptionProblems } from '../../store/runs/options';
import { selectRunOptions } from '../../store/runs/selectors';
import { ConnectionsPanel } from './ConnectionsPanel';

export const ENGINE_LABELS: Record<EngineChoice, string> = {
  sim: 'Simulator',
  managed: 'Managed Redis (local redis-server)',
  'managed-cluster': 'Managed Redis cluster',
  connection: 'Saved connection',
  fidelity: 'Fidelity: simulator vs live',
};

export function RunOptions() {
  const options = useStore(selectRunOptions);
  const raw = useStore(selectRaw);
  const connections = useStore(selectConnections);
  const unavailable = useStore((s) => engineUnavailable(s, s.runOptions.engine));
  const environments = environmentsOf(raw);
  const set = store.getState().setRunOptions;
  const defaultEnv = typeof raw?.defaultEnvironment === 'string' ? raw.defaultEnvironment : 'prod';
  const seed = raw?.traffic && typeof raw.traffic === 'object' ? (raw.traffic as Record<string, unknown>).seed : undefined;
  const problems = runOptionProblems(options);
  return (
    <form className="run-options form-stack" aria-labelledby="run-options-heading" onSubmit={(event) => event.preventDefault()}>
      <h2 id="run-options-heading">Run settings</h2>
      <label>
        Engine
        <select value={options.engine} onChange={(event) => set({ engine: event.target.value as EngineChoice })} aria-describedby="engine-help">
          {(Object.keys(ENGINE_LABELS) as EngineChoice[]).map((engine) => <option key={engine} value={engine}>{ENGINE_LABELS[engine]}</option>)}
        </select>
      </label>
      <p id="engine-help" className={`help ${unavailable ? 'warn-text' : ''}`}>
        {unavailable ?? (options.engine === 'sim' ? 'Deterministic, in-process; same seed, same result.' : options.engine === 'fidelity' ? 'Runs the same plan on the simulator and on a live Redis, side by side.' : 'Replays the plan against a real Redis; writes only under a run prefix.')}
      </p>
      {options.engine === 'connection' ? (
        <label>
          Connection
          <select value={options.connectionId} onChange={(event) => set({ connectionId: event.target.value })}>
            <option value="">Choose a connection…</option>
            {connections.status === 'ready' ? connections.value.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.url})</option>) : null}
          </select>
        </label>
      ) : null}
      <label>
        Environment
        <select value={options.environment} onChange={(event) => set({ environment: event.target.value })}>
          <option value="">{`Default (${defaultEnv})`}</option>
          {environments.map((env) => <option key={env} value={env}>{env}</option>)}
        </select>
      </label>
      <label>
        Seed
        <input
          inputMode="numeric" value={options.seed} placeholder={seed !== undefined ? `design: ${String(seed)}` : 'design default'}
          aria-invalid={!!problems.seed} aria-describedby={problems.seed ? 'seed-error' : undefined} onChange={(event) => set({ seed: event.target.value })}
        />
      </label>
      {problems.seed ? <p id="seed-error" className="field-error" role="alert">{problems.seed}</p> : null}
      <label>
        Request budget
        <input
          inputMode="numeric" value={options.requests} placeholder="all phases"
          aria-invalid={!!problems.requests} aria-describedby={problems.requests ? 'requests-error' : undefined} onChange={(event) => set({ requests: event.target.value })}
        />
      </label>
      {problems.requests ? <p id="requests-error" className="field-error" role="alert">{problems.requests}</p> : null}
      {options.engine !== 'sim' ? <ConnectionsPanel /> : null}
    </form>
  );
}
