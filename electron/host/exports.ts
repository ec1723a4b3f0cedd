/**
 * Export preview and save, through simulator/export. That module is loaded on first use, so the
 * rest of the workbench keeps working when it is missing or broken: export then fails with
 * `unavailable` and says why.
 */
import { join } from 'node:path';
import { messageOf, ServiceError } from './errors';
import { loadDesignText } from './design-text';
import { writeFileAtomic } from './files';
import type * as ExportApi from '../../simulator/export';
import type { CurveJson, ExportFilePreview, RunRecord } from '../common';
import type { Design } from '../../simulator/model';
import type { RunResult } from '../../simulator/run';

type ExportModule = typeof ExportApi;

const LANGUAGES: Record<string, string> = {
  env: 'ini', conf: 'plaintext', compose: 'yaml', ts: 'typescript', python: 'python', alerts: 'yaml', report: 'html', md: 'markdown',
};

let loaded: Promise<ExportModule> | undefined;

async function exportModule(): Promise<ExportModule> {
  loaded ??= import('../../simulator/export');
  try {
    return await loaded;
  } catch (error) {
    loaded = undefined;
    throw new ServiceError('unavailable', `Export is not available in this build: ${messageOf(error)}`);
  }
}

/** The design's content hash as every export header gives it; null when export cannot load. */
export async function designHashOf(design: Design): Promise<string | null> {
  try {
    return (await exportModule()).designHash(design);
  } catch {
    return null;
  }
}

/** The runs a review report includes, already read from the history. */
export interface ReportRuns {
  results: ExportApi.LabelledResult[];
  /** The first chosen fidelity run's two sides and its metric table, as the run recorded them. */
  fidelity?: { sim: RunResult; live: RunResult; diff: Record<string, unknown> };
  /** The design's miss-ratio curve (missRatioCurve), when the report is to show it. */
  curve?: CurveJson;
}

/** Finished runs' results for a review report, labelled by their names, in the order given. */
export function reportRunsOf(records: ReadonlyArray<RunRecord>): ReportRuns {
  const runs: ReportRuns = { results: [] };
  for (const record of records) {
    if (!record.result) throw new ServiceError('bad-input', `The run "${record.summary.label}" has no result to report (${record.summary.status})`);
    const provenance = record.summary.provenance;
    runs.results.push({
      label: record.summary.label, result: record.result,
      ...(provenance ? { designHash: provenance.designHash, speed: provenance.speed } : {}),
    });
    const fidelity = record.fidelity;
    if (fidelity && !runs.fidelity) runs.fidelity = { sim: fidelity.sim, live: fidelity.live, diff: fidelity.diff };
  }
  return runs;
}

/** What the report says when no run was chosen: where the app chooses them (the CLI names its flags). */
const NO_RUNS = 'No run is in this report: choose runs under "Runs in the report" in the Export view.';

export async function previewExport(text: string, environment: string | undefined, runs: ReportRuns = { results: [] }): Promise<ExportFilePreview[]> {
  const design = loadDesignText(text);
  const env = environment ?? design.defaultEnvironment;
  if (!design.environments.includes(env)) {
    throw new ServiceError('bad-input', `environment "${env}" is not in the design; choose one of ${design.environments.join(', ')}`);
  }
  const { exportDesign, fidelityDiffRows } = await exportModule();
  const fidelity = runs.fidelity ? { sim: runs.fidelity.sim, live: runs.fidelity.live, diff: fidelityDiffRows(runs.fidelity.diff) } : undefined;
  const outcome = exportDesign(design, { environment: env }, undefined, { results: runs.results, noRuns: NO_RUNS, ...(fidelity ? { fidelity } : {}), ...(runs.curve ? { curve: runs.curve } : {}) });
  return outcome.files.map((file) => ({ path: file.path, language: LANGUAGES[file.format] ?? 'plaintext', text: file.text }));
}

/** Writes every exported file into `directory` (already resolved and, in browser mode, confined). */
export async function saveExport(text: string, environment: string | undefined, directory: string, runs?: ReportRuns): Promise<string[]> {
  const files = await previewExport(text, environment, runs);
  const written: string[] = [];
  for (const file of files) {
    const path = join(directory, file.path);
    try {
      await writeFileAtomic(path, file.text);
    } catch (error) {
      throw new ServiceError('io', `${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
    }
    written.push(path);
  }
  return written;
}
