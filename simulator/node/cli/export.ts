/**
 * `keyspace export <design.yaml> --env prod --to env,conf,… --out dir [--check]` — writes the
 * design's config, code, alert rules and review report; `--check` compares with what is in --out
 * and exits 1 listing stale or missing files (the CI gate for committed exports).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { checkOutputFolder, writeOutputText } from '../input';
import { dirname, join } from 'node:path';
import type { ExportFormat, LabelledResult, ReportInput } from '../../export';
import { EXPORT_FORMATS, exportDesign, readStamp } from '../../export';
import { appCurveOf, compilePlan, simulate } from '../../run';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import type { Io } from './main';
import { readFidelity, readRunResults } from './run-result-file';

export const EXPORT_FLAGS = {
  env: { value: true }, to: { value: true, repeatable: true }, out: { value: true }, check: { value: false },
  run: { value: false }, curve: { value: false }, result: { value: true, repeatable: true }, fidelity: { value: true },
  requests: { value: true }, seed: { value: true }, set: { value: true, repeatable: true },
  url: { value: true }, 'password-env': { value: true },
} as const;

/** `--to env,conf --to ts` → the formats, validated. Default: all. */
export function parseFormats(values: ReadonlyArray<string>): ExportFormat[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return [...EXPORT_FORMATS];
  for (const name of names) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(name)) throw new UsageError(`--to ${name}: unknown format; valid: ${EXPORT_FORMATS.join(', ')}`);
  }
  return names as ExportFormat[];
}

export async function exportCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, EXPORT_FLAGS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('name a design file: keyspace export presets/ecommerce-catalog.yaml --env prod --out export/');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; export takes one design`);
  const design = readDesignFile(file, flags(args, 'set'));
  const environment = flag(args, 'env') ?? design.defaultEnvironment;
  if (!design.environments.includes(environment)) throw new UsageError(`--env ${environment}: the design's environments are ${design.environments.join(', ')}`);
  const formats = parseFormats(flags(args, 'to'));
  const out = flag(args, 'out') ?? 'export';
  checkOutputFolder(out, '--out');

  const results: LabelledResult[] = flags(args, 'result').flatMap(readRunResults);
  for (const { label, result } of results) {
    if (result.design.name !== design.name) io.err(`warning: result "${label}" is from design "${result.design.name}", not "${design.name}"`);
  }
  const seed = intFlag(args, 'seed', 0, 2 ** 32 - 1);
  const requests = intFlag(args, 'requests', 1, 1e10);
  if (flag(args, 'run')) results.push({ label: `simulated (${environment})`, result: simulate(compilePlan(design, { environment, seed, requests })) });
  // The app's curve (app-curve.ts), of the design as --run compiles it.
  const curve = flag(args, 'curve') ? appCurveOf((budget) => compilePlan(design, { environment, seed, requests: budget ?? requests })) : undefined;
  const fidelityFile = flag(args, 'fidelity');
  const report: ReportInput = { results, ...(fidelityFile ? { fidelity: readFidelity(fidelityFile) } : {}), ...(curve ? { curve } : {}) };
  const connection = { ...(flag(args, 'url') ? { url: flag(args, 'url') } : {}), ...(flag(args, 'password-env') ? { passwordEnv: flag(args, 'password-env') } : {}) };
  const { files, warnings } = exportDesign(design, { environment, designFile: file, connection }, formats, report);
  for (const warning of warnings) io.err(`warning: ${warning}`);

  if (flag(args, 'check')) {
    const problems: string[] = [];
    for (const exported of files) {
      const path = join(out, exported.path);
      let current: string | undefined;
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = undefined;
      }
      if (current === undefined) problems.push(`missing: ${path}`);
      else if (current !== exported.text) problems.push(`stale: ${path} (${whyStale(current, exported.text)})`);
    }
    if (problems.length > 0) {
      io.out(problems.join('\n'));
      io.err(`${problems.length} exported file${problems.length === 1 ? ' is' : 's are'} out of date with ${file}; regenerate with: keyspace export ${file} --env ${environment} --out ${out}${formatsFlag(formats)}`);
      return 1;
    }
    io.out(`up to date: ${files.length} file${files.length === 1 ? '' : 's'} in ${out} match ${file} (${environment})`);
    return 0;
  }
  for (const exported of files) {
    const path = join(out, exported.path);
    mkdirSync(dirname(path), { recursive: true });
    writeOutputText(path, exported.text);
    io.out(`wrote ${path}`);
  }
  return 0;
}

function formatsFlag(formats: ReadonlyArray<ExportFormat>): string {
  return formats.length === EXPORT_FORMATS.length ? '' : ` --to ${formats.join(',')}`;
}

/** Why a file is stale: exported from another version of the design, or edited by hand. */
function whyStale(current: string, expected: string): string {
  const was = readStamp(current);
  const now = readStamp(expected);
  if (was && now && was.hash !== now.hash) return `exported from design sha256 ${was.hash}; the design is now ${now.hash}`;
  if (was && now && was.environment !== now.environment) return `exported for environment ${was.environment}, checked for ${now.environment}`;
  return `same design, different content: ${firstDifference(current, expected)} (edited by hand, or another --url/--result)`;
}

/** `line 12` of the first difference, to point a reviewer at it. */
function firstDifference(current: string, expected: string): string {
  const a = current.split('\n');
  const b = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `first difference at line ${i + 1}`;
  return 'differs';
}
