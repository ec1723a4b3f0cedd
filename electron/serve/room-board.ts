/**
 * The results board's rows: each person's newest runs from their own run history, side by side,
 * newest first. Pure over the summaries, so the Room only gathers.
 */
import type { BoardRow, Participant, RunSummary } from '../common';

/** Runs per person the board keeps (a room of 200 gives at most 2,010 rows). */
export const BOARD_RUNS_PER_PERSON = 10;

export function boardRow(who: Participant, run: RunSummary): BoardRow {
  const targets = run.targets;
  return {
    who, runId: run.runId, designName: run.designName, label: run.label, engine: run.engine, status: run.status,
    startedAt: run.startedAt, hitRatio: run.hitRatio, p95Ms: run.p95Ms, error: run.error,
    targetsMet: targets ? targets.filter((target) => target.passed).length : null,
    targetsTotal: targets ? targets.length : null,
  };
}

/** Everyone's newest runs (each list newest first, as the history keeps it), newest first overall. */
export function boardRows(people: ReadonlyArray<{ who: Participant; runs: readonly RunSummary[] }>, perPerson = BOARD_RUNS_PER_PERSON): BoardRow[] {
  return people
    .flatMap(({ who, runs }) => runs.slice(0, perPerson).map((run) => boardRow(who, run)))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.who.name.localeCompare(b.who.name));
}
