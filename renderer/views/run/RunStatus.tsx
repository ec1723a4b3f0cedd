/** Where the run is: status line, a progress bar (role=progressbar) with ETA, and errors. */
import { formatDuration, formatPercent } from '../../format';
import { useStore } from '../../store';
import { etaMs, progressFraction, selectActiveProgress, selectActiveProgressClock, selectActiveQueuePosition, selectActiveStatus, selectStartError } from '../../store/runs/selectors';
import { useCommands } from '../context';
import { queuePlaceText } from './queue-place';

const STATUS_TEXT = { none: 'No run yet', starting: 'Starting…', queued: 'Queued', running: 'Running', done: 'Done', cancelled: 'Stopped', failed: 'Failed' } as const;

export function RunStatus({ label }: { label: string | null }) {
  const status = useStore(selectActiveStatus);
  const progress = useStore(selectActiveProgress);
  const clock = useStore(selectActiveProgressClock);
  const startError = useStore(selectStartError);
  const place = useStore(selectActiveQueuePosition);
  const commands = useCommands();
  const fraction = status === 'done' ? 1 : progressFraction(progress);
  const eta = status === 'running' ? etaMs(progress, clock) : null;
  const percent = fraction === null ? null : Math.round(fraction * 100);
  const valueText = percent === null ? 'waiting for the first progress' : `${percent} %${progress?.phase ? `, phase ${progress.phase}` : ''}${eta !== null ? `, about ${formatDuration(eta)} left` : ''}`;
  return (
    <div className="run-status">
      <div className="status-line" role="status" aria-live="polite">
        <span className={`status-pill status-${status}`}>{STATUS_TEXT[status]}</span>
        {label ? <span className="run-label">{label}</span> : null}
        {status === 'queued' ? (
          <>
            <span className="queue-place">{queuePlaceText(place)}</span>
            <button type="button" onClick={() => void commands.stop()}>Cancel</button>
          </>
        ) : null}
        {status === 'running' && progress ? <span className="muted">phase {progress.phase} · {formatPercent(fraction ?? 0, 0)}{eta !== null ? ` · ETA ${formatDuration(eta)}` : ''}</span> : null}
      </div>
      {status !== 'none' ? (
        <div className="progress" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined} aria-valuetext={valueText}>
          <div className={`progress-fill ${status === 'running' ? 'active' : ''}`} style={{ width: `${percent ?? 0}%` }} />
        </div>
      ) : null}
      {startError ? <div className="state state-error" role="alert"><h3>The run did not start</h3><pre className="error-text">{startError}</pre></div> : null}
    </div>
  );
}
