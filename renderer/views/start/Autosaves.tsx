/** Start: designs with autosaved changes that were never saved, each to recover or discard. */
import { useEffect } from 'react';
import { useStore } from '../../store';
import { selectAutosaves } from '../../store/project/selectors';
import { useCommands } from '../context';

export function Autosaves() {
  const commands = useCommands();
  const autosaves = useStore(selectAutosaves);
  useEffect(() => {
    void commands.refreshAutosaves();
  }, [commands]);
  if (autosaves.status !== 'ready' || autosaves.value.length === 0) return null;
  return (
    <>
      <h2 id="autosaves-heading">Unsaved changes</h2>
      <ul className="recent" aria-labelledby="autosaves-heading">
        {autosaves.value.map((entry) => {
          const where = entry.path ?? (entry.presetId ? `preset ${entry.presetId}` : 'never saved');
          return (
            <li key={entry.key}>
              <button type="button" className="link" onClick={() => void commands.recoverSlot(entry.key, entry.name)} aria-label={`Recover ${entry.name}`}>{entry.name}</button>
              <span className="muted">{where} · autosaved {new Date(entry.savedAt).toLocaleString()}</span>
              <button type="button" className="link" onClick={() => void commands.discardSlot(entry.key)} aria-label={`Discard the autosave of ${entry.name}`}>Discard</button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
