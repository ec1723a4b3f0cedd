/** How to run: engine, environment, seed, request budget, and the saved connection for live runs. */
import { useState } from 'react';
import type { EngineChoice } from '../../../electron/common';
import { CONTAINER_IMAGE } from '../../../simulator/run/container-image';
import { store, useStore } from '../../store';
import { engineUnavailable, selectConnections } from '../../store/connections/selectors';
import { environmentsOf, selectRaw } from '../../store/project/selectors';
import { runOptionProblems } from '../../store/runs/options';
import { selectRunOptions } from '../../store/runs/selectors';
import { ConnectionsPanel } from './ConnectionsPanel';
import { ManagedTarget } from './ManagedTarget';

export const ENGINE_LABELS: Record<EngineChoice, string> = {
  sim: 'Simulator',
  managed: 'Managed Redis (local redis-server)',
  'managed-cluster': 'Managed Redis cluster',
  container: 'Container (Docker)',
  connection: 'Saved connection',
  fidelity: 'Fidelity: simulator vs live',
};

/** The speeds offered; the host resolves them with simulator/run/time-scale.ts, as the CLI's --speed. */
export const SPEEDS: ReadonlyArray<[string, string]> = [['auto', 'Auto (about 20 s)'], ['1', 'As written (1×)'], ['10', '10× faster'], ['max', 'Max']];

const factorHelp = (n: string): string => `Every time in the plan (TTLs, delays, origin latency, phases) divided by ${n}, rates multiplied by ${n}, as the CLI's --speed ${n}x.`;

const SPEED_HELP: Record<string, string> = {
  auto: 'Every time in the plan (TTLs, delays, origin latency, phases) divided by one factor, chosen so the live run takes about 20 s; the result says which.',
  1: 'The plan at its own pace: a 5-minute plan takes 5 minutes.',
  10: 'Every time in the plan (TTLs, delays, origin latency, phases) divided by 10, rates multiplied by 10.',
  max: 'As fast as the server answers when no TTL runs out during the traffic; otherwise the fastest factor the client can pace. The result says which.',
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
  // A factor typed in its own field stays there while it is typed (10 on the way to 100).
  const [customSpeed, setCustomSpeed] = useState(!SPEEDS.some(([value]) => value === options.speed));
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
      {options.engine !== 'sim' ? (
        <>
          <label>
            Speed
            <select
              value={customSpeed ? 'custom' : options.speed} aria-describedby="speed-help"
              onChange={(event) => { setCustomSpeed(event.target.value === 'custom'); set({ speed: event.target.value === 'custom' ? '2' : event.target.value }); }}
            >
              {SPEEDS.filter(([value]) => value !== 'max' || options.engine !== 'fidelity').map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              <option value="custom">Another factor (N×)</option>
            </select>
          </label>
          {!customSpeed ? null : (
            <label>
              Speed factor
              <input
                inputMode="decimal" value={options.speed} aria-invalid={!!problems.speed}
                aria-describedby={problems.speed ? 'speed-error' : 'speed-help'} onChange={(event) => set({ speed: event.target.value })}
              />
            </label>
          )}
          {problems.speed ? <p id="speed-error" className="field-error" role="alert">{problems.speed}</p> : null}
          <p id="speed-help" className="help">{customSpeed ? factorHelp(problems.speed ? 'N' : options.speed.trim().replace(/x$/, '')) : SPEED_HELP[options.speed] ?? SPEED_HELP.auto}</p>
          {options.engine === 'managed' || options.engine === 'managed-cluster' ? <ManagedTarget /> : null}
          {options.engine === 'container' ? (
            <>
              <label>
                Image
                <input
                  value={options.image} placeholder={CONTAINER_IMAGE} spellCheck={false} aria-invalid={!!problems.image}
                  aria-describedby={problems.image ? 'image-error' : 'image-help'} onChange={(event) => set({ image: event.target.value })}
                />
              </label>
              {problems.image ? <p id="image-error" className="field-error" role="alert">{problems.image}</p> : null}
              <p id="image-help" className="help">Run as the official image is: <code>IMAGE redis-server --maxmemory …</code> with the design&apos;s settings, on a loopback port; the container is removed when the run ends or is cancelled.</p>
            </>
          ) : null}
          <ConnectionsPanel />
        </>
      ) : null}
    </form>
  );
}
