/**
 * "Vary one parameter": the field, its values, and the settings every run of the vary is made with —
 * engine, environment, seed, request budget (and speed on a live engine) — shown and edited here,
 * defaulting to the design's own (never the Run view's settings). The runs queue on the host; the
 * ones still going can be cancelled together.
 */
import type { EngineChoice } from '../../../electron/common';
import { store, useStore } from '../../store';
import { selectGoingCompared, selectVary, selectVaryError, selectVarySettings } from '../../store/compare/selectors';
import { MAX_VARY_VALUES } from '../../store/compare/slice';
import type { VarySettings } from '../../store/compare/slice';
import { environmentsOf, selectRaw } from '../../store/project/selectors';
import { runOptionProblems } from '../../store/runs/options';
import { useCommands } from '../context';
import { ENGINE_LABELS, SPEEDS } from '../run/RunOptions';

const VARY_ENGINES = (Object.keys(ENGINE_LABELS) as EngineChoice[]).filter((engine): engine is VarySettings['engine'] => engine !== 'connection' && engine !== 'container');

export function VaryPanel() {
  const commands = useCommands();
  const vary = useStore(selectVary);
  const varyError = useStore(selectVaryError);
  const settings = useStore(selectVarySettings);
  const going = useStore((s) => selectGoingCompared(s).length);
  const raw = useStore(selectRaw);
  const set = store.getState().setVarySettings;
  const problems = runOptionProblems(settings);
  const defaultEnv = typeof raw?.defaultEnvironment === 'string' ? raw.defaultEnvironment : 'prod';
  const seed = raw?.traffic && typeof raw.traffic === 'object' ? (raw.traffic as Record<string, unknown>).seed : undefined;
  return (
    <form className="form-stack" aria-labelledby="vary-heading" onSubmit={(event) => { event.preventDefault(); void commands.vary(); }}>
      <h2 id="vary-heading">Vary one parameter</h2>
      <p className="help">Runs the open design once per value (as keyspace run --set), then compares the runs. Up to {MAX_VARY_VALUES} values; runs beyond what the host runs at once wait in line.</p>
      <label>Field path<input className="mono" value={vary.path} onChange={(event) => store.getState().setVary({ path: event.target.value })} placeholder="server.maxmemory" /></label>
      <label>Values<input className="mono" value={vary.values} onChange={(event) => store.getState().setVary({ values: event.target.value })} placeholder="16mb, 64mb, 256mb" aria-describedby={varyError ? 'vary-error' : undefined} aria-invalid={!!varyError} /></label>
      <fieldset className="vary-settings">
        <legend>Each run with</legend>
        <label>
          Engine
          <select value={settings.engine} onChange={(event) => set({ engine: event.target.value as VarySettings['engine'] })}>
            {VARY_ENGINES.map((engine) => <option key={engine} value={engine}>{ENGINE_LABELS[engine]}</option>)}
          </select>
        </label>
        <label>
          Environment
          <select value={settings.environment} onChange={(event) => set({ environment: event.target.value })}>
            <option value="">{`Default (${defaultEnv})`}</option>
            {environmentsOf(raw).map((env) => <option key={env} value={env}>{env}</option>)}
          </select>
        </label>
        <label>
          Seed
          <input inputMode="numeric" value={settings.seed} placeholder={seed !== undefined ? `design: ${String(seed)}` : 'design default'}
            aria-invalid={!!problems.seed} onChange={(event) => set({ seed: event.target.value })} />
        </label>
        <label>
          Request budget
          <input inputMode="numeric" value={settings.requests} placeholder="design's own (all phases)"
            aria-invalid={!!problems.requests} onChange={(event) => set({ requests: event.target.value })} />
        </label>
        {settings.engine !== 'sim' ? (
          <label>
            Speed
            <select value={settings.speed} onChange={(event) => set({ speed: event.target.value })}>
              {SPEEDS.filter(([value]) => value !== 'max' || settings.engine !== 'fidelity').map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </label>
        ) : null}
      </fieldset>
      {varyError ? <p id="vary-error" className="warn-text" role="alert">{varyError}</p> : null}
      <button type="submit" className="primary">Vary parameter</button>
      {going > 0 ? (
        <button type="button" onClick={() => void commands.cancelCompared()}>Cancel all ({going} waiting or running)</button>
      ) : null}
    </form>
  );
}
