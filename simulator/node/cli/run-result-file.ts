/**
 * Reads saved RunResults (`keyspace run --json`) for the report: one result, or `{ runs: [{ label,
 * result }] }` from `--vary`, or a fidelity file — `{ sim, live, diff? }` with diff as table rows,
 * or what `keyspace fidelity --json` writes. The RunResult schema checks every field, so a wrong
 * file is refused with the field that is wrong and what was expected there.
 */
import { readInputText } from '../input';
import { basename } from 'node:path';
import { z } from 'zod';
import type { FidelityInput, FidelityRow, LabelledResult } from '../../export';
import type { FidelityReport } from '../../run';
import { fidelityInputSchema, fidelityReportSchema, RUN_RESULT_VERSION, runResultSchema } from '../../run';
import { InputError } from './design-file';

const labelledSchema = z.object({ runs: z.array(z.object({ label: z.string(), result: runResultSchema })).min(1) });

function readJson(file: string): unknown {
  const text = readInputText(file, 'result');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError([`${file}: not JSON (${(error as Error).message})`]);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses with the schema, or throws the first issues as `file: field.path: what was wrong`. */
function parse<T>(file: string, schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const newer = parsed.error.issues.find((issue) => issue.path[issue.path.length - 1] === 'version');
  const lines = parsed.error.issues.slice(0, 5).map((issue) => `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  if (newer) lines.push(`${file}: this keyspace reads RunResult version ${RUN_RESULT_VERSION} (a file from another version needs the keyspace that wrote it)`);
  throw new InputError(lines);
}

/** The labelled results of a `keyspace run --json` file. */
export function readRunResults(file: string): LabelledResult[] {
  const json = readJson(file);
  if (isObject(json) && 'runs' in json) return parse(file, labelledSchema, json).runs;
  return [{ label: basename(file).replace(/\.json$/i, ''), result: parse(file, runResultSchema, json) }];
}

const UNIT_OF: Readonly<Record<string, FidelityRow['unit']>> = { hitRatio: 'ratio', usedMemoryBytes: 'bytes' };

/** The rows of a fidelity report's diff (metric → both values and its target), in its order. */
function rowsOf(diff: FidelityReport['diff']): FidelityRow[] {
  return Object.entries(diff).map(([metric, m]) => ({ metric, sim: m.sim, live: m.live, unit: UNIT_OF[metric] ?? 'count', ok: m.met, note: m.target }));
}

/** A fidelity file: the simulated and live results of one plan, and optionally their compared rows. */
export function readFidelity(file: string): FidelityInput {
  const json = readJson(file);
  if (isObject(json) && isObject(json.diff)) {
    const report = parse(file, fidelityReportSchema, json);
    return { sim: report.sim, live: report.live, diff: rowsOf(report.diff) };
  }
  return parse(file, fidelityInputSchema, json);
}
