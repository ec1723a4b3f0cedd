/**
 * Design diff: two designs (the open one, its saved file or preset, another file, a run's design)
 * side by side — what changed, grouped per namespace and section, with before → after — and, once
 * both have run on one seed and budget (or two runs are picked), how the key metrics moved. The
 * text is `keyspace diff`'s, from the same function.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RunResult } from '../../../simulator/run';
import { diffSourceOptions, diffTexts, groupChanges, runIdOf } from '../../design/design-diff';
import type { DiffSide, DiffSourceId } from '../../design/design-diff';
import { store, useStore } from '../../store';
import { selectDiffPair, selectDiffSettings, selectDiffSides } from '../../store/diff/selectors';
import type { DiffSideChoice } from '../../store/diff/slice';
import { selectHistory, selectRecords } from '../../store/runs/selectors';
import { runOptionProblems } from '../../store/runs/options';
import { messageOf } from '../../app/messages';
import { ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import './design-diff.css';

type Side = { status: 'loading' } | { status: 'ready'; value: DiffSide } | { status: 'error'; message: string };

/** Reads one side whenever its source (or, for the open design, the text) changes. */
function useSide(side: DiffSideChoice): Side {
  const commands = useCommands();
  const text = useStore((s) => (side.source === 'open' ? s.text : null));
  const savedText = useStore((s) => (side.source === 'saved' ? s.savedText : null));
  const [state, setState] = useState<Side>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    commands.readDiffSide(side.source, side.path).then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'error', message: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [commands, side.source, side.path, text, savedText]);
  return state;
}

function SidePicker({ which, title, side, onChange }: { which: 'a' | 'b'; title: string; side: DiffSideChoice; onChange: (side: DiffSideChoice) => void }) {
  const history = useStore(selectHistory);
  const path = useStore((s) => s.path);
  const presetId = useStore((s) => s.presetId);
  const name = useStore((s) => s.name);
  const options = diffSourceOptions({ path, presetId, name }, history.status === 'ready' ? history.value : []);
  const read = () => onChange({ ...side, path: side.draft });
  return (
    <fieldset className="form-stack">
      <legend>{title}</legend>
      <label>Design<select value={side.source} onChange={(event) => onChange({ ...side, source: event.target.value as DiffSourceId })}>
        {options.map((option) => <option key={option.id} value={option.id}>{option.label}</option>)}
      </select></label>
      {side.source === 'file' ? (
        <div className="row">
          <label>File in the workspace<input id={`diff-path-${which}`} className="mono" value={side.draft} placeholder="designs/catalog.yaml"
            onChange={(event) => onChange({ ...side, draft: event.target.value })}
            onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); read(); } }} /></label>
          <button type="button" onClick={read}>Read file</button>
        </div>
      ) : null}
    </fieldset>
  );
}

export function DesignDiffView() {
  const commands = useCommands();
  const records = useStore(selectRecords);
  const hasSaved = useStore((s) => s.path !== null || s.presetId !== null);
  const sides = useStore(selectDiffSides);
  const settings = useStore(selectDiffSettings);
  const pair = useStore(selectDiffPair);
  // A design never saved has no saved side: it falls back to the open design.
  const fallback = (side: DiffSideChoice): DiffSideChoice => (side.source === 'saved' && !hasSaved ? { ...side, source: 'open' } : side);
  const [a, b] = [fallback(sides.a), fallback(sides.b)];
  const setA = (side: DiffSideChoice) => store.getState().setDiffSide('a', side);
  const setB = (side: DiffSideChoice) => store.getState().setDiffSide('b', side);
  const setSettings = (changed: Partial<typeof settings>) => store.getState().setDiffSettings(changed);
  const [runError, setRunError] = useState<string | null>(null);
  const sideA = useSide(a);
  const sideB = useSide(b);
  const textA = sideA.status === 'ready' ? sideA.value.text : null;
  const textB = sideB.status === 'ready' ? sideB.value.text : null;

  // The runs whose results are compared: two picked runs, or the pair run from exactly these texts.
  const picked = [runIdOf(a.source), runIdOf(b.source)];
  const runs = picked[0] && picked[1] ? { a: picked[0], b: picked[1] }
    : pair && pair.textA === textA && pair.textB === textB ? pair : null;
  useEffect(() => {
    if (runs) [runs.a, runs.b].forEach((runId) => void commands.loadRecord(runId));
  }, [commands, runs?.a, runs?.b]);
  const recordOf = (runId: string) => records[runId];
  const resultOf = (runId: string): RunResult | null => {
    const record = recordOf(runId);
    return record?.status === 'ready' ? (record.value.result as RunResult | null) : null;
  };
  const results = runs && resultOf(runs.a) && resultOf(runs.b) ? { a: resultOf(runs.a) as RunResult, b: resultOf(runs.b) as RunResult } : undefined;
  const failed = runs ? [runs.a, runs.b].map(recordOf).find((r) => r?.status === 'ready' && !r.value.result && r.value.summary.status !== 'running' && r.value.summary.status !== 'queued') : undefined;

  const seedOf = (runId: string) => {
    const record = recordOf(runId);
    return record?.status === 'ready' ? record.value.summary.provenance?.seed : undefined;
  };
  const seeds = runs ? [seedOf(runs.a), seedOf(runs.b)] : [];
  const seedNote = seeds.length === 2 && seeds[0] !== undefined && seeds[1] !== undefined && seeds[0] !== seeds[1]
    ? `The two runs used different seeds (${seeds[0]} and ${seeds[1]}): the deltas mix the design change with chance. Run both for a fair comparison.` : null;
  const pending = !!runs && !results && !failed;

  const diff = useMemo(() => (sideA.status === 'ready' && sideB.status === 'ready' ? diffTexts(sideA.value, sideB.value, results) : null), [sideA, sideB, results?.a, results?.b]);
  const problems = runOptionProblems(settings);

  const runBoth = async () => {
    if (sideA.status !== 'ready' || sideB.status !== 'ready' || problems.seed || problems.requests) return;
    setRunError(null);
    const seed = settings.seed.trim() === '' ? undefined : Number(settings.seed);
    const requests = settings.requests.trim() === '' ? undefined : Number(settings.requests);
    try {
      const ids = await commands.runDiffPair(sideA.value, sideB.value, { seed, requests });
      store.getState().setDiffPair({ ...ids, textA: sideA.value.text, textB: sideB.value.text });
    } catch (error) {
      setRunError(messageOf(error));
    }
  };

  return (
    <div className="compare-view design-diff">
      <aside className="run-side">
        <section aria-labelledby="diff-pick-heading" className="form-stack">
          <h2 id="diff-pick-heading">Designs to diff</h2>
          <SidePicker which="a" title="First design (before)" side={a} onChange={setA} />
          <SidePicker which="b" title="Second design (after)" side={b} onChange={setB} />
        </section>
        <form className="form-stack" aria-labelledby="diff-run-heading" onSubmit={(event) => { event.preventDefault(); void runBoth(); }}>
          <h2 id="diff-run-heading">Run both</h2>
          <p className="help">Runs both designs on the simulator with one seed and request budget (queued like any run), then shows how the metrics moved. Empty: each design&apos;s own.</p>
          <label>Seed<input className="mono" inputMode="numeric" value={settings.seed} aria-invalid={!!problems.seed} onChange={(event) => setSettings({ seed: event.target.value })} /></label>
          <label>Requests<input className="mono" inputMode="numeric" value={settings.requests} aria-invalid={!!problems.requests} onChange={(event) => setSettings({ requests: event.target.value })} /></label>
          {problems.seed || problems.requests || runError ? <p className="warn-text" role="alert">{[problems.seed, problems.requests, runError].filter(Boolean).join(' ')}</p> : null}
          <button type="submit" className="primary" disabled={!diff?.ok || pending}>Run both designs</button>
        </form>
      </aside>
      <div className="run-main">
        {sideA.status === 'error' ? <ErrorState title="Could not read the first design" message={sideA.message} /> : null}
        {sideB.status === 'error' ? <ErrorState title="Could not read the second design" message={sideB.message} /> : null}
        {sideA.status === 'loading' || sideB.status === 'loading' ? <LoadingState label="Reading the designs…" /> : null}
        {diff && !diff.ok ? <ErrorState title="A design has problems" message={diff.error} /> : null}
        {diff?.ok ? (
          <>
            <section aria-labelledby="diff-changes-heading">
              <h2 id="diff-changes-heading">What changed</h2>
              <p className="help">
                {diff.diff.changes.length === 0 ? 'No changes to the design' : `${diff.diff.changes.length} change${diff.diff.changes.length === 1 ? '' : 's'}`} from{' '}
                <strong>{sideA.status === 'ready' ? sideA.value.label : ''}</strong> to <strong>{sideB.status === 'ready' ? sideB.value.label : ''}</strong>.
              </p>
              {groupChanges(diff.diff.changes).map(({ group, changes }) => (
                <div className="table-scroll" key={group}>
                  <table className="data-table diff-table" aria-label={`Changes: ${group}`}>
                    <caption>{group}</caption>
                    <thead><tr><th scope="col" className="diff-field">Field</th><th scope="col">Change</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
                    <tbody>
                      {changes.map((change) => (
                        <tr key={`${change.path} ${change.kind} ${change.before ?? ''} ${change.after ?? ''}`}>
                          <th scope="row">{change.label}<div className="muted small mono">{change.path}</div></th>
                          <td>{change.kind}</td>
                          <td className="mono">{change.before ?? '—'}</td>
                          <td className="mono">{change.after ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
            </section>
            <section aria-labelledby="diff-metrics-heading">
              <h2 id="diff-metrics-heading">How the metrics moved</h2>
              {failed?.status === 'ready' ? <ErrorState title={`The run ${failed.value.summary.label} has no result`} message={failed.value.summary.error ?? failed.value.summary.status} /> : null}
              {seedNote ? <p className="help warn-text" role="note">{seedNote}</p> : null}
              {pending ? <LoadingState label="Running both designs (queued like any run)…" /> : null}
              {!runs ? <p className="help">Run both designs (left), or pick a run on each side, to see how hit ratio, latency, evictions, memory and targets moved.</p> : null}
              {results ? (
                <>
                  <div className="table-scroll">
                    <table className="data-table" aria-label="Metric deltas">
                      <thead><tr><th scope="col">Metric</th><th scope="col">First</th><th scope="col">Second</th><th scope="col">Change</th></tr></thead>
                      <tbody>
                        {diff.diff.metrics.map((m) => (
                          <tr key={m.metric}>
                            <th scope="row">{m.metric}</th>
                            <td className="num">{m.beforeText}</td>
                            <td className="num">{m.afterText}</td>
                            <td className={`num delta ${m.better === null ? 'same' : m.better ? 'better' : 'worse'}`}>{m.change} {m.better === null ? '' : m.better ? '(better)' : '(worse)'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <h3>Targets that moved</h3>
                  {diff.diff.targets.length === 0 ? <p className="help">Every target has the same outcome in both runs.</p>
                    : <ul>{diff.diff.targets.map((line) => <li key={line}><code>{line}</code></li>)}</ul>}
                </>
              ) : null}
            </section>
            <details className="diff-text">
              <summary>As <code>keyspace diff</code> prints it</summary>
              <pre className="mono">{diff.diff.text}</pre>
            </details>
          </>
        ) : null}
      </div>
    </div>
  );
}
