/**
 * The report's miss-ratio curve: the app's curve (appCurve) as the HTML chart and the Markdown
 * tables, the runs of this design marked, another design's runs left off, memory-for 80/90/95 %.
 */
import { describe, expect, it } from 'vitest';
import { appCurveOf, compilePlan, simulate } from '../run';
import type { AppCurve, RunResult } from '../run';
import { designHash, exportDesign } from './index';
import { fixtureDesign } from './testing';

const design = fixtureDesign();
const curve: AppCurve = appCurveOf((requests) => compilePlan(design, { requests: requests ?? 20_000 }));
const run: RunResult = simulate(compilePlan(design, { requests: 20_000 }));
const hash = designHash(design);
const results = [
  { label: 'this design', result: run, designHash: hash },
  { label: 'other version', result: run, designHash: 'f'.repeat(64) },
  { label: 'from the CLI', result: run },
];
const [html, md] = exportDesign(design, { environment: 'prod' }, ['report', 'md'], { results, curve }).files.map((f) => f.text);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

describe('the report\'s miss-ratio curve', () => {
  it('draws the policy curve and the dashed LRU reference, the runs of this design marked', () => {
    const section = html.slice(html.indexOf('<section id="curve">'), html.indexOf('</section>', html.indexOf('<section id="curve">')));
    expect(section).toContain('data-chart="miss-ratio-curve"');
    expect(section.match(/data-series="[^"]*"/g)).toEqual([`data-series="${curve.policy} (curve)"`, 'data-series="exact LRU (reference)"']);
    expect(section).toMatch(/stroke-dasharray="5 3" data-series="exact LRU/);
    expect(section.match(/data-marker="[^"]*"/g)).toEqual(['data-marker="this design"', 'data-marker="from the CLI"']);
    expect(section).toContain(`this design (${mb(run.cache.maxmemoryBytes)}, ${pct(run.cache.hitRatio)})`);
  });

  it('gives memory for 80/90/95 % from the policy curve and the reference, as appCurve computed them', () => {
    expect(curve.memoryFor.map((m) => m.hitRatio)).toEqual([0.8, 0.9, 0.95]);
    const text = (bytes: number | null) => (bytes === null ? 'not reached with the whole working set' : mb(bytes));
    for (const [i, target] of curve.memoryFor.entries()) {
      const row = `| ${(target.hitRatio * 100).toFixed(0)}% | ${text(target.maxmemoryBytes)} | ${text(curve.reference.memoryFor[i].maxmemoryBytes)} |`;
      expect(md).toContain(row);
      expect(html).toContain(`<tr><td>${(target.hitRatio * 100).toFixed(0)}%</td><td>${text(target.maxmemoryBytes)}</td>`);
    }
  });

  it('lists every point of the app\'s curve in the Markdown, with the reference beside it', () => {
    expect(curve.points.length).toBe(20);
    for (const [i, point] of curve.points.entries()) {
      expect(md).toContain(`| ${mb(point.maxmemoryBytes)} | ${pct(point.hitRatio)} | ${pct(curve.reference.points[i].hitRatio)} |`);
    }
    expect(md).toContain('Runs of this design on the curve: this design');
    expect(md).not.toContain('other version (');
  });

  it('has no curve section when the caller gave no curve', () => {
    const [plain] = exportDesign(design, { environment: 'prod' }, ['report'], { results }).files.map((f) => f.text);
    expect(plain).not.toContain('<section id="curve">');
    expect(plain).not.toContain('miss-ratio-curve');
  });
});
