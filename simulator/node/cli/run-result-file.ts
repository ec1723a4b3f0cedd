/**
 * Reads saved RunResults (`keyspace run --json`) for the report: one result, or `{ runs: [{ label,
 * result }] }` from `--vary`, or a fidelity file `{ sim, live, diff? }`. zod checks the fields the
 * report reads, so a wrong file is refused with the field that is missing.
 */
import { readInputText } from '../input';
import { basename } from 'node:path';
import { z } from 'zod';
import type { FidelityInput, LabelledResult } from '../../export';
import { fidelityDiffRows } from '../../export';
import type { RunResult } from '../../run';
import { InputError } from './design-file';

const num = z.number();
const snapshot = z.looseObject({ tMs: num, requests: num, hitRatio: num, p50Ms: num, p95Ms: num, p99Ms: num, usedMemoryBytes: num, originQueriesPerSec: num });
const cacheFields = { hits: num, misses: num, hitRatio: num, evictedKeys: num, expiredKeys: num, usedMemoryBytes: num, staleReads: num, oomRejections: num };
const runResult = z.looseObject({
  version: z.literal(1),
  engine: z.enum(['sim', 'live']),
  design: z.looseObject({ name: z.string(), environment: z.string(), seed: num }),
  requests: num,
  partial: z.boolean(),
  durationMs: num,
  cache: z.looseObject({ ...cacheFields, peakMemoryBytes: num, maxmemoryBytes: num }),
  latency: z.looseObject({ p50Ms: num, p95Ms: num, p99Ms: num, histogram: z.array(z.looseObject({ upToMs: num, count: num })) }),
  origin: z.looseObject({ queries: num, queriesPerSecPeak: num }),
  namespaces: z.array(z.looseObject({ name: z.string(), reads: num, ...cacheFields })),
  series: z.array(snapshot),
});
const labelled = z.object({ runs: z.array(z.object({ label: z.string(), result: runResult })).min(1) });
const fidelity = z.object({
  sim: runResult,
  live: runResult,
  // Rows, or the metric table `keyspace fidelity --json` writes ({ hitRatio: { sim, live, target, met } … }).
  diff: z.union([
    z.array(z.looseObject({ metric: z.string(), sim: num, live: num, ok: z.boolean().optional(), note: z.string().optional() })),
    z.record(z.string(), z.unknown()),
  ]).optional(),
});

function readJson(file: string): unknown {
  const text = readInputText(file, 'result');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError([`${file}: not JSON (${(error as Error).message})`]);
  }
}

function issues(file: string, error: z.ZodError): InputError {
  return new InputError(error.issues.slice(0, 5).map((issue) => `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`));
}

/** The labelled results of a `keyspace run --json` file. */
export function readRunResults(file: string): LabelledResult[] {
  const json = readJson(file);
  const many = labelled.safeParse(json);
  if (many.success) return many.data.runs.map((run) => ({ label: run.label, result: run.result as unknown as RunResult }));
  const one = runResult.safeParse(json);
  if (!one.success) throw issues(file, one.error);
  return [{ label: basename(file).replace(/\.json$/i, ''), result: one.data as unknown as RunResult }];
}

/** A fidelity file: the simulated and live results of one plan, and optionally their compared rows. */
export function readFidelity(file: string): FidelityInput {
  const parsed = fidelity.safeParse(readJson(file));
  if (!parsed.success) throw issues(file, parsed.error);
  const { diff } = parsed.data;
  const rows = diff === undefined || Array.isArray(diff) ? diff : fidelityDiffRows(diff);
  return { ...(parsed.data as unknown as FidelityInput), diff: rows as FidelityInput['diff'] };
}
