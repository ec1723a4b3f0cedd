/**
 * A run's targets as a reviewer reads them: a badge (all met, or how many failed) for lists, and a
 * table of every target with its verdict and the run's value. The outcomes come from the host,
 * checked by simulator/run's evaluateTargets when the run ended.
 */
import type { TargetOutcomeJson } from '../../../electron/common';
import { targetDetail, targetVerdict } from './run-record';

export function TargetsBadge({ targets }: { targets: TargetOutcomeJson[] | undefined }) {
  if (!targets || targets.length === 0) return null;
  const failed = targets.filter((t) => !t.passed).length;
  const text = failed === 0 ? `${targets.length}/${targets.length} targets met` : `${failed} of ${targets.length} targets failed`;
  return <span className={`badge ${failed === 0 ? 'pass' : 'fail'}`} data-testid="targets-badge">{text}</span>;
}

export function TargetsTable({ targets, partial, caption = 'Targets' }: { targets: TargetOutcomeJson[] | undefined; partial?: boolean; caption?: string }) {
  if (targets === undefined) return null;
  return (
    <section className="targets" aria-label={caption}>
      <h2>{caption} <TargetsBadge targets={targets} /></h2>
      {targets.length === 0 ? <p className="help">The design has no targets. Add some under <code>targets:</code>, e.g. <code>hitRatio&gt;=0.8</code> or <code>p95&lt;=20ms</code>.</p> : (
        <>
          {partial ? <p className="help">The run was stopped early: its targets are checked on what it did, not on the whole plan.</p> : null}
          <table className="data-table compact" aria-label={`${caption} of this run`}>
            <thead><tr><th scope="col">Target</th><th scope="col">Verdict</th><th scope="col">This run</th></tr></thead>
            <tbody>
              {targets.map((target) => (
                <tr key={target.text} className={target.passed ? 'target-pass' : 'target-fail'}>
                  <th scope="row"><code>{target.text}</code></th>
                  <td className={target.passed ? 'good-text' : 'bad-text'}>{targetVerdict(target)}</td>
                  <td>{targetDetail(target)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
