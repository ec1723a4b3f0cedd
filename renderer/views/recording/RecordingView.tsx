/**
 * The Recording view: a recorded capture (MONITOR, CSV, JSONL) opened or dropped on the window —
 * its profile, then infer a design from it or map it onto the open one, anonymize it, and replay
 * it through the open design on the simulator or live on a managed redis-server (a run like any
 * other: the Run view shows its progress, Stop cancels it, and it stays in the history).
 */
import { useEffect, useState } from 'react';
import type { RecordingProfile } from '../../../electron/common';
import type { ReplayEngine } from '../../app/recording-commands';
import { store, useStore } from '../../store';
import { engineUnavailable } from '../../store/connections/selectors';
import { selectProjectName, selectProjectOpen, selectProjectPath } from '../../store/project/selectors';
import { selectRecording } from '../../store/ui/selectors';
import type { Loadable } from '../../store/types';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useServices } from '../context';
import { RecordingProfileView } from './RecordingProfile';
import './recording.css';

const SPEEDS: ReadonlyArray<[string, string]> = [['1', '1× (as recorded)'], ['10', '10×'], ['100', '100×'], ['max', 'max (as fast as it goes)']];

export function RecordingView() {
  const { api, commands } = useServices();
  const recording = useStore(selectRecording);
  const designOpen = useStore(selectProjectOpen);
  const designName = useStore(selectProjectName);
  const designPath = useStore(selectProjectPath);
  const [profile, setProfile] = useState<Loadable<RecordingProfile>>({ status: 'idle' });
  const [busy, setBusy] = useState<'infer' | 'anonymize' | null>(null);
  const [engine, setEngine] = useState<ReplayEngine>('managed');
  const [speed, setSpeed] = useState('max');
  const [attempt, setAttempt] = useState(0);
  const unavailable = useStore((s) => engineUnavailable(s, engine));

  // Profiled again when the capture changes (Anonymize) or another design opens (Infer): the match count is the open design's.
  useEffect(() => {
    if (!recording) return;
    let current = true;
    setProfile({ status: 'loading' });
    const { open, text } = store.getState();
    api.profileRecording({ path: recording.path, ...(open ? { text } : {}) }).then(
      (value) => current && setProfile({ status: 'ready', value }),
      (error: unknown) => current && setProfile({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => { current = false; };
  }, [api, recording, designOpen, designName, designPath, attempt]);

  if (!recording) {
    return (
      <div className="recording-view">
        <EmptyState title="No recording open" level={2}>
          <p>Open (Ctrl+O) or drop a capture on this window: a MONITOR capture (<code>keyspace capture</code>), or a CSV or JSONL trace.</p>
        </EmptyState>
      </div>
    );
  }
  const act = (what: 'infer' | 'anonymize') => {
    setBusy(what);
    void (what === 'infer' ? commands.inferDesign() : commands.anonymize()).finally(() => setBusy(null));
  };
  return (
    <div className="recording-view">
      <section aria-labelledby="recording-heading">
        <h2 id="recording-heading">
          Recording: {recording.name} {recording.anonymized ? <span className="badge pass">anonymized</span> : null}
        </h2>
        <p className="help">Infer a design from it, or replay it through the open design{designOpen ? ` (${designName})` : ''}: its namespaces give the TTLs, sizes and per-namespace results.</p>
        <div className="button-row">
          <button type="button" disabled={busy !== null} onClick={() => act('infer')}>{busy === 'infer' ? 'Inferring…' : 'Infer a design'}</button>
          <button type="button" disabled={busy !== null || recording.anonymized} onClick={() => act('anonymize')}>{busy === 'anonymize' ? 'Anonymizing…' : 'Anonymize'}</button>
          {recording.anonymized ? <button type="button" onClick={() => void commands.downloadRecording()}>Download anonymized copy</button> : null}
        </div>
      </section>
      {profile.status === 'loading' || profile.status === 'idle' ? <LoadingState label="Profiling the recording…" /> : null}
      {profile.status === 'error' ? (
        <ErrorState title="This recording cannot be profiled" message={profile.message} level={2}>
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>Try again</button>
        </ErrorState>
      ) : null}
      {profile.status === 'ready' ? <RecordingProfileView profile={profile.value} designOpen={designOpen} /> : null}
      <section aria-labelledby="replay-heading">
        <h2 id="replay-heading">Replay</h2>
        <form className="recording-replay" aria-labelledby="replay-heading" onSubmit={(event) => { event.preventDefault(); void commands.replay(engine, speed === 'max' ? 'max' : Number(speed)); }}>
          <label>
            Replay on
            <select value={engine} onChange={(event) => setEngine(event.target.value as ReplayEngine)} aria-describedby="replay-help">
              <option value="managed">Live: a managed redis-server</option>
              <option value="sim">Simulator</option>
            </select>
          </label>
          {engine === 'managed' ? (
            <label>
              Speed
              <select value={speed} onChange={(event) => setSpeed(event.target.value)}>
                {SPEEDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
            </label>
          ) : null}
          <button type="submit" className="primary" disabled={!designOpen || !!unavailable}>Replay</button>
        </form>
        <p id="replay-help" className={`help ${unavailable || !designOpen ? 'warn-text' : ''}`}>
          {!designOpen ? 'Infer a design or open one first: the replay runs through the open design.'
            : unavailable ?? (engine === 'sim' ? 'The simulator runs in virtual time: the same result at any speed.' : 'Starts its own redis-server with the design\'s server settings and sends the recorded commands at their recorded times divided by the speed; it is stopped afterwards.')}
        </p>
      </section>
    </div>
  );
}
