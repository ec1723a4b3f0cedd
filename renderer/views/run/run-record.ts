/**
 * A recorded run as text: how it was made (seed, engine and pace, design hash) and each target's
 * verdict and value. Pure; the Run view, the run list, Compare and Fidelity show these.
 */
import type { RunSummary, TargetOutcomeJson } from '../../../electron/common';
import { ENGINE_LABELS } from './RunOptions';
import { speedWords } from './speed';

/** `hitRatio>=0.7: 73.10% ok` → `73.10%`; a reason a target failed stays whole. */
export function targetDetail(target: TargetOutcomeJson): string {
  const prefix = `${target.text}: `;
  const rest = target.message.startsWith(prefix) ? target.message.slice(prefix.length) : target.message;
  return rest.replace(/ (ok|FAILED)$/, '');
}

export function targetVerdict(target: TargetOutcomeJson): string {
  return target.passed ? '✓ met' : target.invalid ? '✗ invalid' : '✗ failed';
}

/** The pace a run went at: a live engine's time scale (`4× faster`), or the simulator's virtual time. */
export function speedText(summary: RunSummary): string {
  const speed = summary.provenance?.speed ?? null;
  if (speed !== null) return speedWords(speed);
  if (summary.engine === 'sim') return 'virtual time';
  return summary.status === 'running' ? 'speed known when the run ends' : 'speed not recorded';
}

/**
 * One line: `seed 42 · Simulator, virtual time · design 1a2b… (the open design)` — given the open
 * design's hash, it says whether the run was made from it (older records say what they lack).
 */
export function provenanceText(summary: RunSummary, openDesignHash: string | null = null): string {
  const p = summary.provenance;
  const engine = `${ENGINE_LABELS[summary.engine] ?? summary.engine}, ${speedText(summary)}`;
  if (!p) return `${engine} · seed and design hash not recorded (an older run)`;
  if (p.designHash === null) return `seed ${p.seed} · ${engine} · design hash not available`;
  const match = openDesignHash === null ? '' : p.designHash === openDesignHash ? ' (the open design)' : ' (not the open design as it is now)';
  return `seed ${p.seed} · ${engine} · design ${p.designHash}${match}`;
}

