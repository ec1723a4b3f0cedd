/**
 * Reads saved RunResults (`keyspace run --json`) for the report: one result, or `{ runs: [{ label,
 * result }] }` from `--vary`, or a fidelity file — `{ sim, live, diff? }` with diff as table rows,
 * or what `keyspace fidelity --json` writes. The RunResult schema checks every field, so a wrong
 * file is refused with the field that is wrong and what was expected there; a file an earlier
 * version wrote is brought up to date first (simulator/run/schema/saved.ts).
 */
import { readInputText } from '../input';
import { basename } from 'node:path';
import { z } from 'zod';
import type { FidelityInput, LabelledResult } from '../../export';
import { fidelityDiffRows } from '../../export';
import { fidelityInputSchema, migrateRunResultJson, RUN_RESULT_VERSION, savedFidelityReportSchema, savedRunResultSchema } from '../../run';
import { InputError } from './design-file';

const labelledSchema = z.object({ runs: z.array(z.object({ label: z.string(), result: savedRunResultSchema })).min(1) });

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
  return [{ label: basename(file).replace(/\.json$/i, ''), result: parse(file, savedRunResultSchema, json) }];
}

/** A fidelity file: the simulated and live results of one plan, and optionally their compared rows. */
export function readFidelity(file: string): FidelityInput {
  const json = readJson(file);
  if (isObject(json) && isObject(json.diff)) {
    const report = parse(file, savedFidelityReportSchema, json);
    return { sim: report.sim, live: report.live, diff: fidelityDiffRows(report.diff) };
  }
  const results = isObject(json) ? { ...json, sim: migrateRunResultJson(json.sim), live: migrateRunResultJson(json.live) } : json;
  return parse(file, fidelityInputSchema, results);
}
