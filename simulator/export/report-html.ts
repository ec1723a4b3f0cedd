/**
 * The review report as one self-contained HTML file: inline CSS and SVG, no script, and a
 * Content-Security-Policy that forbids every network fetch, so it opens the same offline.
 */
import { parseSizeBytes } from '../model';
import type { ExportFacts } from './facts';
import { headerLines } from './header';
import type { Chart } from './report-charts';
import { channelChart, runCharts } from './report-charts';
import { curveChart, reportCurve } from './report-curve';
import type { ReportCurve } from './report-curve';
import type { ReportModel } from './report-model';
import { fidelityDelta, fidelityVerdict, formatFidelity, mb, pct, reportModel, runRows, SUMMARY_HEAD } from './report-model';
import { escapeXml as esc } from './svg';
import type { ReportInput } from './types';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#111827;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb}td.num{text-align:right}.chosen{background:#eff6ff;font-weight:600}.stamp{color:#4b5563;font-size:12px}
.pass{color:#166534;font-weight:600}.fail{color:#b91c1c;font-weight:600}figure{margin:12px 0}figcaption{color:#4b5563;font-size:12px}
code{background:#f3f4f6;padding:0 3px;border-radius:3px}`;

function table(head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, raw = false): string {
  const cell = (text: string) => (raw ? text : esc(text));
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

function figure(chart: Chart): string {
  return `<figure>${chart.svg}<figcaption>${esc(chart.caption)}</figcaption></figure>`;
}

export function hitRatioTarget(facts: ExportFacts): number | undefined {
  for (const target of facts.design.targets) {
    const match = /^\s*hitRatio\s*>=?\s*([\d.]+)(%?)\s*$/.exec(target);
    if (match) return Number(match[1]) / (match[2] ? 100 : 1);
  }
  return undefined;
}

export function emitReportHtml(facts: ExportFacts, input: ReportInput): string {
  const model = reportModel(facts, input);
  const { design } = facts;
  const sections = [
    `<header><h1>Review: ${esc(design.name)}</h1>${design.description ? `<p>${esc(design.description)}</p>` : ''}<p class="stamp">design version ${design.version} · sha256 ${esc(facts.stamp.hash)} · environment ${esc(facts.environment)}</p></header>`,
    `<section id="summary"><h2>Design summary</h2>${table(SUMMARY_HEAD, model.summary)}</section>`,
    ttlSection(model),
    `<section id="invalidation"><h2>Invalidation rules</h2>${model.rules.length ? `<ol>${model.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>` : '<p>No invalidation rules: entries live until their TTL expires or are evicted.</p>'}</section>`,
    channelSection(model),
    runsSection(model, facts, input),
    curveSection(reportCurve(facts, input)),
    assertionsSection(model),
    fidelitySection(model),
  ];
  const comment = headerLines(facts.stamp).join('\n     ');
  return `<!DOCTYPE html>
<!-- ${comment} -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Keyspace Workbench">
<title>Review: ${esc(design.name)} (${esc(facts.environment)})</title>
<style>${CSS}</style>
</head>
<body>
${sections.filter(Boolean).join('\n')}
</body>
</html>
`;
}

function ttlSection(model: ReportModel): string {
  const envs = model.ttl.environments;
  const chosen = model.facts.environment;
  const head = `<tr><th>data class</th>${envs.map((env) => `<th${env === chosen ? ' class="chosen"' : ''}>${esc(env)}</th>`).join('')}<th>namespaces</th></tr>`;
  const rows = model.ttl.rows.map((row) => `<tr><td>${esc(row.dataClass)}</td>${row.cells.map((cell, i) => `<td${envs[i] === chosen ? ' class="chosen"' : ''}>${esc(cell)}</td>`).join('')}<td>${esc(row.namespaces.join(', '))}</td></tr>`);
  return `<section id="ttl"><h2>TTL matrix</h2><table><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>
<h3>Namespaces in ${esc(chosen)}</h3>${table(['namespace', 'key pattern', 'data class', 'TTL', 'jitter'], model.namespaces)}</section>`;
}

function channelSection(model: ReportModel): string {
  const map = model.channels;
  if (!map) return '';
  const shardHead = Array.from({ length: map.shards }, (_, i) => `shard ${i}`);
  const rows = map.rows.map((row) => [
    row.group, row.pattern, String(row.count), `${row.className} (${row.delivery})`, `${row.publishRatePerSec}/s`,
    `${row.example.name} → slot ${row.example.slot}, shard ${row.example.shard}`,
    ...row.perShard.map((count) => `${count}${row.mapped < row.count ? '*' : ''}`),
  ]);
  const chart = channelChart(map);
  return `<section id="channels"><h2>Channel / shard map</h2><p>${esc(map.mode)} topology, ${map.shards} shard${map.shards === 1 ? '' : 's'}, ${esc(map.publish)} publish${map.publish === 'sharded' ? ' (SPUBLISH: a channel lives on the shard owning its slot)' : ' (PUBLISH is broadcast to every node)'}.</p>
${table(['group', 'pattern', 'channels', 'class', 'publish rate', 'first channel', ...shardHead], rows)}${map.rows.some((r) => r.mapped < r.count) ? '<p class="stamp">* the first 10 000 channels of the group</p>' : ''}${chart ? figure(chart) : ''}</section>`;
}

function runsSection(model: ReportModel, facts: ExportFacts, input: ReportInput): string {
  if (model.runs.length === 0) {
    return `<section id="runs"><h2>Run results</h2><p>${input.noRuns ? esc(input.noRuns) : 'No run in this report: export with <code>--run</code> (a fresh simulation) or <code>--result result.json</code>.'}</p></section>`;
  }
  const maxmemory = parseSizeBytes(facts.design.server.maxmemory);
  const charts = runCharts(model.runs, hitRatioTarget(facts), maxmemory.ok ? maxmemory.value : 0);
  const labels = model.runs.map((run) => run.label);
  const rows = runRows(model.runs);
  return `<section id="runs"><h2>Run results</h2>${table(['metric', ...labels], rows)}
${charts.map(figure).join('\n')}</section>`;
}

function curveSection(rc: ReportCurve | null): string {
  if (!rc) return '';
  const runs = rc.markers.length === 0 ? '' : `<p>Runs of this design: ${rc.markers.map((m) => `${esc(m.label)} (${mb(m.maxmemoryBytes)}, ${pct(m.hitRatio)})`).join('; ')}.</p>`;
  return `<section id="curve"><h2>Miss-ratio curve</h2>${figure(curveChart(rc))}
${table(['hit ratio', `memory needed (${rc.curve.policy})`, 'exact LRU reference'], rc.memoryFor)}${runs}<p class="stamp">${esc(rc.note)}</p></section>`;
}

function assertionsSection(model: ReportModel): string {
  if (model.runs.length === 0 || model.facts.design.targets.length === 0) return '';
  const rows = model.runs.flatMap((run) => run.assertions.map((a) => [
    esc(run.label), `<code>${esc(a.text)}</code>`, a.passed ? '<span class="pass">passed</span>' : '<span class="fail">FAILED</span>', esc(a.message),
  ]));
  const failed = model.runs.reduce((sum, run) => sum + run.assertions.filter((a) => !a.passed).length, 0);
  return `<section id="assertions"><h2>Assertions</h2><p>${failed === 0 ? 'Every target passed.' : `${failed} target${failed === 1 ? '' : 's'} failed.`}</p>${table(['run', 'target', 'result', 'detail'], rows, true)}</section>`;
}

function fidelitySection(model: ReportModel): string {
  if (!model.fidelity) return '';
  const rows = model.fidelity.map((row) => [row.metric, formatFidelity(row.sim, row.unit), formatFidelity(row.live, row.unit), fidelityDelta(row), fidelityVerdict(row), row.note ?? '']);
  return `<section id="fidelity"><h2>Fidelity: simulator vs real Redis</h2>${table(['metric', 'simulated', 'live', 'difference', 'verdict', 'note'], rows)}</section>`;
}
