/**
 * The review report as Markdown, for pull requests: the same sections as the HTML report, with
 * unicode sparklines where the HTML has charts (Markdown renderers drop inline SVG).
 */
import type { ExportFacts } from './facts';
import { headerLines } from './header';
import { activeSeries } from './report-charts';
import type { ReportCurve } from './report-curve';
import { reportCurve } from './report-curve';
import type { ReportModel } from './report-model';
import { fidelityDelta, fidelityVerdict, formatFidelity, mb, ms, pct, reportModel, runRows, SUMMARY_HEAD } from './report-model';
import { sparkline } from './svg';
import type { ReportInput } from './types';

/** A table cell or a line: plain text (escaped), a code span, or bold text. */
type Md = string | { code: string } | { bold: string };

/** Plain text: Markdown and HTML punctuation escaped, one line. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]<#|~]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}

function md(value: Md): string {
  if (typeof value === 'string') return text(value);
  if ('bold' in value) return `**${text(value.bold)}**`;
  const fence = value.code.includes('`') ? '``' : '`';
  // A pipe inside a code span in a table is escaped, as GitHub tables require.
  return `${fence}${value.code.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')}${fence}`;
}

function table(head: ReadonlyArray<Md>, rows: ReadonlyArray<ReadonlyArray<Md>>): string {
  const line = (cells: ReadonlyArray<Md>) => `| ${cells.map(md).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

export function emitReportMarkdown(facts: ExportFacts, input: ReportInput): string {
  const model = reportModel(facts, input);
  const { design } = facts;
  const env = facts.environment;
  const out = [
    `<!-- ${headerLines(facts.stamp).join(' ')} -->`,
    `# Review: ${text(design.name)}`,
    '',
    ...(design.description ? [text(design.description), ''] : []),
    `Design version ${design.version} · sha256 \`${facts.stamp.hash}\` · environment **${text(env)}**`,
    '',
    '## Design summary',
    '',
    table(SUMMARY_HEAD, model.summary),
    '',
    '## TTL matrix',
    '',
    table(['data class', ...model.ttl.environments.map((e): Md => (e === env ? { bold: e } : e)), 'namespaces'],
      model.ttl.rows.map((row) => [row.dataClass, ...row.cells, row.namespaces.join(', ')])),
    '',
    `Namespaces in ${text(env)}:`,
    '',
    table(['namespace', 'key pattern', 'data class', 'TTL', 'jitter'], model.namespaces.map((row) => [row[0], { code: row[1] }, row[2], row[3], row[4]])),
    '',
    '## Invalidation rules',
    '',
    ...(model.rules.length ? model.rules.map((rule, i) => `${i + 1}. ${text(rule)}`) : ['No invalidation rules: entries live until their TTL expires or are evicted.']),
    '',
    ...channelLines(model),
    ...runLines(model, input.noRuns),
    ...curveLines(reportCurve(facts, input)),
    ...fidelityLines(model),
  ];
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function channelLines(model: ReportModel): string[] {
  const map = model.channels;
  if (!map) return [];
  const shards = Array.from({ length: map.shards }, (_, i) => `shard ${i}`);
  return [
    '## Channel / shard map',
    '',
    text(`${map.mode} topology, ${map.shards} shard${map.shards === 1 ? '' : 's'}, ${map.publish} publish.`),
    '',
    table(['group', 'pattern', 'channels', 'class', 'first channel', 'slot', ...shards], map.rows.map((row) => [
      row.group, { code: row.pattern }, String(row.count), `${row.className} (${row.delivery})`,
      { code: row.example.name }, String(row.example.slot), ...row.perShard.map(String),
    ])),
    '',
  ];
}

function runLines(model: ReportModel, noRuns: string | undefined): string[] {
  if (model.runs.length === 0) return ['## Run results', '', noRuns === undefined ? 'No run in this report: export with `--run` or `--result result.json`.' : text(noRuns), ''];
  const rows = runRows(model.runs);
  const lines = ['## Run results', '', table(['metric', ...model.runs.map((r) => r.label)], rows), ''];
  for (const run of model.runs) {
    const series = activeSeries(run.result.series);
    if (series.length === 0) continue;
    const spark = (name: string, values: number[], format: (v: number) => string): Md[] =>
      [name, { code: sparkline(values) }, format(Math.min(...values)), format(Math.max(...values))];
    lines.push(`Over time (${text(run.label)}):`, '', table(['metric', 'trend', 'min', 'max'], [
      spark('hit ratio', series.map((s) => s.hitRatio), pct),
      spark('p95 latency', series.map((s) => s.p95Ms), ms),
      spark('used memory', series.map((s) => s.usedMemoryBytes), mb),
      spark('origin queries/s', series.map((s) => s.originQueriesPerSec), (v) => `${v.toFixed(0)}/s`),
    ]), '');
  }
  if (model.facts.design.targets.length > 0) {
    const failed = model.runs.reduce((sum, run) => sum + run.assertions.filter((a) => !a.passed).length, 0);
    lines.push('## Assertions', '', failed === 0 ? 'Every target passed.' : `**${failed} target${failed === 1 ? '' : 's'} failed.**`, '',
      table(['run', 'target', 'result', 'detail'], model.runs.flatMap((run) => run.assertions.map((a): Md[] => [run.label, { code: a.text }, a.passed ? 'passed' : { bold: 'FAILED' }, a.message]))), '');
  }
  return lines;
}

function curveLines(rc: ReportCurve | null): string[] {
  if (!rc) return [];
  const { curve } = rc;
  return ['## Miss-ratio curve', '',
    table(['hit ratio', `memory needed (${curve.policy})`, 'exact LRU reference'], rc.memoryFor), '',
    table(['maxmemory', `${curve.policy} (curve)`, 'exact LRU (reference)'], curve.points.map((p, i) => [mb(p.maxmemoryBytes), pct(p.hitRatio), pct(curve.reference.points[i]?.hitRatio ?? 0)])), '',
    ...(rc.markers.length === 0 ? [] : [`Runs of this design on the curve: ${rc.markers.map((m) => text(`${m.label} (${mb(m.maxmemoryBytes)}, ${pct(m.hitRatio)})`)).join('; ')}.`, '']),
    text(rc.note), ''];
}

function fidelityLines(model: ReportModel): string[] {
  if (!model.fidelity) return [];
  return ['## Fidelity: simulator vs real Redis', '', table(['metric', 'simulated', 'live', 'difference', 'verdict'], model.fidelity.map((row) => [
    row.metric, formatFidelity(row.sim, row.unit), formatFidelity(row.live, row.unit), fidelityDelta(row), fidelityVerdict(row),
  ])), ''];
}
