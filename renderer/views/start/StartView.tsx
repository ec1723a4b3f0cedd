/** Start: new, open, recent designs and the presets gallery, each preset with its story. */
import { useState } from 'react';
import { storyTeaser } from '../../../electron/common';
import type { PresetInfo } from '../../../electron/common';
import { useStore } from '../../store';
import { selectPresets, selectRecent } from '../../store/project/selectors';
import { EmptyState, ErrorState, LoadingState } from '../common/States';
import { useCommands } from '../context';
import { Autosaves } from './Autosaves';

function PresetCard({ preset }: { preset: PresetInfo }) {
  const commands = useCommands();
  const [expanded, setExpanded] = useState(false);
  const headingId = `preset-${preset.id}`;
  // Whole sentences only; the story carries no command lines (presetStory).
  const paragraphs = preset.story.split('\n');
  const teaser = storyTeaser(preset.story);
  return (
    <li className="card preset-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{preset.name}</h3>
      {preset.hasPubsub ? <span className="badge">pub/sub</span> : null}
      <div className="story">{expanded ? paragraphs.map((p, i) => <p key={i}>{p}</p>) : <p>{teaser}</p>}</div>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void commands.openPreset(preset.id)} aria-label={`Open preset ${preset.name}`}>Open</button>
        {teaser !== preset.story ? (
          <button type="button" className="link" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} aria-label={`${expanded ? 'Hide' : 'Show'} the story of ${preset.name}`}>
            {expanded ? 'Less' : 'Whole story'}
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function StartView({ onOpen }: { onOpen: () => void }) {
  const commands = useCommands();
  const presets = useStore(selectPresets);
  const recent = useStore(selectRecent);
  return (
    <div className="start">
      <section className="start-actions" aria-labelledby="start-heading">
        <h1 id="start-heading">Design a cache before it ships</h1>
        <p className="lead">Model namespaces, TTLs, invalidation and channels; replay traffic on the simulator or a real Redis; compare; export.</p>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => void commands.newProject()}>New design</button>
          <button type="button" onClick={onOpen}>Open design file…</button>
        </div>
        <p className="help">Or drop a design (.yaml) or a trace file anywhere on this window.</p>
        <Autosaves />
        <h2 id="recent-heading">Recent</h2>
        {recent.status === 'loading' || recent.status === 'idle' ? <LoadingState label="Loading recent designs…" /> : null}
        {recent.status === 'error' ? <ErrorState title="Could not list recent designs" message={recent.message} /> : null}
        {recent.status === 'ready' && recent.value.length === 0 ? <EmptyState title="No recent designs">Designs you open or save appear here.</EmptyState> : null}
        {recent.status === 'ready' && recent.value.length > 0 ? (
          <ul className="recent" aria-labelledby="recent-heading">
            {recent.value.map((entry) => {
              const where = entry.path ?? `preset ${entry.presetId ?? ''}`;
              const reopen = () => void (entry.path !== null ? commands.openPath(entry.path) : entry.presetId ? commands.openPreset(entry.presetId) : undefined);
              return (
                <li key={entry.path ?? `preset:${entry.presetId ?? ''}`}>
                  <button type="button" className="link" onClick={reopen} title={where}>{entry.name}</button>
                  <span className="muted">{where}</span>
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>
      <section className="presets" aria-labelledby="presets-heading">
        <h2 id="presets-heading">Presets</h2>
        {presets.status === 'loading' || presets.status === 'idle' ? <LoadingState label="Loading presets…" /> : null}
        {presets.status === 'error' ? (
          <ErrorState title="Could not load the presets" message={presets.message}>
            <button type="button" onClick={() => void commands.init()}>Try again</button>
          </ErrorState>
        ) : null}
        {presets.status === 'ready' && presets.value.length === 0 ? <EmptyState title="No presets">The host has no preset designs.</EmptyState> : null}
        {presets.status === 'ready' && presets.value.length > 0 ? (
          <ul className="preset-grid" aria-label="Presets">
            {presets.value.map((preset) => <PresetCard key={preset.id} preset={preset} />)}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
