/**
 * The design diff view's pure part: which designs can be put side by side (the open design, its
 * saved file or shipped preset, another workspace file, a run's design), the diff of two design
 * texts — simulator/export's diffDesigns, the one `keyspace diff` prints — and its changes grouped
 * per namespace, data class or section.
 */
import type { RunSummary } from '../../electron/common';
import { diffDesigns } from '../../simulator/export';
import type { DesignChange, DesignDiff } from '../../simulator/export';
import { formatDesignError, loadDesign } from '../../simulator/model';
import type { DesignError } from '../../simulator/model';
import type { RunResult } from '../../simulator/run';

/** A side of the diff: `open`, `saved`, `file` (a path typed in) or `run:<runId>`. */
export type DiffSourceId = 'open' | 'saved' | 'file' | `run:${string}`;

export interface DiffSourceOption {
  id: DiffSourceId;
  label: string;
}

/** What the open design was saved as, or opened from: its file, else the preset it came from. */
export interface OpenedFrom {
  path: string | null;
  presetId: string | null;
  name: string;
}

/** The choices of a side, in the order the picker lists them (finished runs, newest first). */
export function diffSourceOptions(opened: OpenedFrom, runs: readonly RunSummary[]): DiffSourceOption[] {
  const options: DiffSourceOption[] = [{ id: 'open', label: `The open design, as edited (${opened.name})` }];
  if (opened.path) options.push({ id: 'saved', label: `Its saved file (${opened.path})` });
  else if (opened.presetId) options.push({ id: 'saved', label: `The preset as shipped (${opened.presetId})` });
  options.push({ id: 'file', label: 'Another design file…' });
  for (const run of runs) {
    if (run.status === 'done' || run.status === 'cancelled') options.push({ id: `run:${run.runId}`, label: `Run: ${run.label} (${run.designName})` });
  }
  return options;
}

/** The run id of a run side, else null. */
export function runIdOf(source: DiffSourceId): string | null {
  return source.startsWith('run:') ? source.slice('run:'.length) : null;
}

/** A side once read: a name for headings and the design's text. */
export interface DiffSide {
  label: string;
  text: string;
}

export type TextDiff = { ok: true; diff: DesignDiff } | { ok: false; error: string };

/** Both texts loaded as designs and diffed (with the metrics when both runs' results are given). */
export function diffTexts(a: DiffSide, b: DiffSide, results?: { a: RunResult; b: RunResult }): TextDiff {
  const problems = (label: string, errors: readonly DesignError[]) => errors.slice(0, 3).map((error) => formatDesignError(label, error)).join('\n');
  const loadedA = loadDesign(a.text);
  if (!loadedA.ok) return { ok: false, error: problems(a.label, loadedA.errors) };
  const loadedB = loadDesign(b.text);
  if (!loadedB.ok) return { ok: false, error: problems(b.label, loadedB.errors) };
  return { ok: true, diff: diffDesigns(loadedA.design, loadedB.design, results) };
}

/** Changes grouped by what they belong to, groups in the order their first change appears. */
export function groupChanges(changes: readonly DesignChange[]): Array<{ group: string; changes: DesignChange[] }> {
  const groups = new Map<string, DesignChange[]>();
  for (const change of changes) groups.set(change.group, [...(groups.get(change.group) ?? []), change]);
  return [...groups].map(([group, list]) => ({ group, changes: list }));
}
