/**
 * The review report: one self-contained HTML file that Debian's chromium opens offline with every
 * chart drawn (a screenshot is kept in artifacts/), and a Markdown twin with the same sections.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../run';
import { compilePlan, simulate } from '../run';
import { exportDesign, fidelityDiffRows } from './index';
import type { ReportInput } from './index';
import { loadDesign } from '../model';
import { FIXTURE_YAML, fixtureDesign } from './testing';

const CHROMIUM = process.env.KEYSPACE_CHROMIUM ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'keyspace-report-'));
let sim: RunResult;
let other: RunResult;
let report: ReportInput;

beforeAll(() => {
  const design = fixtureDesign();
  sim = simulate(compilePlan(design, {}));
  other = simulate(compilePlan(design, { seed: 99 }));
  report = {
    results: [{ label: 'seed 3', result: sim }, { label: 'seed 99', result: other }],
    fidelity: { sim, live: { ...other, engine: 'live' } },
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChartSeen { id: string | null; width: number; height: number; shown: boolean; marks: number; lines: number }

/** Measures every chart as drawn: its box, its visible marks (paths and rects), its data lines. */
const MEASURE_CHARTS = `[...document.querySelectorAll('svg[data-chart]')].map((svg) => {
  const box = svg.getBBox();
  const rect = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('path, rect')].filter((mark) => {
    const b = mark.getBBox();
    return b.width > 0 && b.height > 0;
  });
  return { id: svg.getAttribute('data-chart'), width: box.width, height: box.height, shown: rect.width > 0 && rect.height > 0, marks: marks.length, lines: svg.querySelectorAll('path[data-series]').length };
})`;

const EXPECTED_CHARTS = ['channels-per-shard', 'hit-ratio', 'latency', 'memory', 'origin', 'fanout', 'namespace-hit-ratio', 'latency-histogram'];

describe('HTML review report', () => {
  it('is self-contained: no script, no external reference of any kind, a CSP that forbids fetching', () => {
    const html = exportDesign(fixtureDesign(), { environment: 'prod' }, ['report'], report).files[0].text;
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\bsrc=|\bhref=|url\(|@import/i);
    expect(html.match(/https?:\/\/[^"' ]+/g)?.every((url) => url === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    for (const section of ['summary', 'ttl', 'invalidation', 'channels', 'runs', 'assertions', 'fidelity']) expect(html).toContain(`<section id="${section}">`);
    expect(html).toContain('&lt;tags&gt;');
  });

  it('shows ttl: none as no expiry, in the matrix and in the namespaces of the chosen environment', () => {
    const html = exportDesign(fixtureDesign(), { environment: 'prod' }, ['report'], report).files[0].text;
    expect(html).toContain('<tr><td>pinned</td><td>10m ±10%</td><td class="chosen">none (no expiry)</td><td>sessions</td></tr>');
    expect(html).toMatch(/<td>sessions<\/td><td>session:\{id\}<\/td><td>pinned<\/td><td>none \(no expiry\)<\/td><td>—<\/td>/);
  });

  it('opens in chromium offline with every chart drawn (screenshot in artifacts/)', async () => {
    const html = exportDesign(fixtureDesign(), { environment: 'prod' }, ['report'], report).files[0].text;
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await page.title()).toContain('Review: Export fixture');
      // A string, not a function: this project compiles without DOM types.
      const charts = await page.evaluate<ChartSeen[]>(MEASURE_CHARTS);
      expect(charts.map((c) => c.id)).toEqual(EXPECTED_CHARTS);
      for (const chart of charts) {
        expect(chart.shown, chart.id ?? '').toBe(true);
        expect(chart.width * chart.height, chart.id ?? '').toBeGreaterThan(0);
        expect(chart.marks, chart.id ?? '').toBeGreaterThan(1);
      }
      expect(charts.find((c) => c.id === 'hit-ratio')?.lines).toBe(2);
      expect(await page.locator('#assertions .fail, #assertions .pass').count()).toBe(8);
      expect(await page.locator('#fidelity tbody tr').count()).toBe(6);
      expect(requests.every((url) => url.startsWith('file:') || url.startsWith('data:'))).toBe(true);
      mkdirSync(resolve('artifacts'), { recursive: true });
      await page.screenshot({ path: resolve('artifacts/export-report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

describe('Markdown review report', () => {
  it('has the design summary, TTL matrix, rules, channel map, results with sparklines, assertions and fidelity', () => {
    const md = exportDesign(fixtureDesign(), { environment: 'prod' }, ['md'], report).files[0].text;
    for (const heading of ['# Review: ', '## Design summary', '## TTL matrix', '## Invalidation rules', '## Channel / shard map', '## Run results', '## Assertions', '## Fidelity: simulator vs real Redis']) {
      expect(md).toContain(heading);
    }
    expect(md).toMatch(/\| catalog \| 30s \| 5m ±10% \| products \|/);
    expect(md).toMatch(/\| pinned \| 10m ±10% \| none \(no expiry\) \| sessions \|/);
    expect(md).toMatch(/\| sessions \| `session:\{id\}` \| pinned \| none \(no expiry\) \| — \|/);
    expect(md).toMatch(/\| room-events \| `room:\{\{roomId\}\}:events` \| 20 \|/);
    expect(md).toMatch(/\| hit ratio \| `[▁▂▃▄▅▆▇█]+` \|/);
    expect(md).toContain('\\<tags>');
  });

  it('says how to add a run when it has none', () => {
    const md = exportDesign(fixtureDesign(), { environment: 'prod' }, ['md']).files[0].text;
    expect(md).toContain('No run in this report: export with `--run` or `--result result.json`.');
    expect(md).not.toContain('## Assertions');
  });

  it('says what the caller gives when it has no run, in both formats', () => {
    const noRuns = 'No run is in this report: choose runs in the Export view.';
    const [html, md] = exportDesign(fixtureDesign(), { environment: 'prod' }, ['report', 'md'], { noRuns }).files.map((f) => f.text);
    expect(md).toContain(noRuns);
    expect(html).toContain(noRuns);
    expect(html).not.toContain('--run');
  });

  it('heads the design summary with words, never an empty row', () => {
    const [html, md] = exportDesign(fixtureDesign(), { environment: 'prod' }, ['report', 'md']).files.map((f) => f.text);
    expect(md).toContain('| item | value |');
    expect(md).not.toMatch(/^\|\s*\|\s*\|$/m);
    expect(html).not.toContain('<th></th>');
  });

  it('given a fidelity diff as the app records it, shows each tolerance with its verdict and leaves report-only rows without one', () => {
    const diff = {
      hitRatio: { sim: 0.9, live: 0.95, delta: 0.05, relative: 0.05, target: '±0.5 pp', met: false },
      expiredKeys: { sim: 100, live: 101, delta: 1, relative: 0.01, target: '±2 %', met: true },
      staleReads: { sim: 0, live: 3, delta: 3, relative: null, target: 'report only', met: true },
      scale: 4,
    };
    const rows = fidelityDiffRows(diff);
    expect(rows).toEqual([
      { metric: 'hit ratio', unit: 'ratio', sim: 0.9, live: 0.95, ok: false, tolerance: '±0.5 pp' },
      { metric: 'expired keys', unit: 'count', sim: 100, live: 101, ok: true, tolerance: '±2 %' },
      { metric: 'stale reads', unit: 'count', sim: 0, live: 3 },
    ]);
    const md = exportDesign(fixtureDesign(), { environment: 'prod' }, ['md'], { fidelity: { sim, live: { ...other, engine: 'live' }, diff: rows } }).files[0].text;
    expect(md).toContain('| hit ratio | 90.00% | 95.00% | 5.00 pt | OUT of tolerance (±0.5 pp) |');
    expect(md).toContain('| expired keys | 100 | 101 | 1.0% | within tolerance (±2 %) |');
    expect(md).toMatch(/\| stale reads \| 0 \| 3 \| n\/a \|\s+\|/);
  });

  it('says which design each run was made from and at what pace, when the caller recorded it', () => {
    const design = fixtureDesign();
    const hash = exportDesign(design, { environment: 'prod' }, ['md']).files[0].text.match(/sha256 `([0-9a-f]{16})`/)?.[1];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    const md = exportDesign(design, { environment: 'prod' }, ['md'], { results: [
      { label: 'same', result: sim, designHash: hash, speed: null },
      { label: 'older', result: other, designHash: '0123456789abcdef', speed: 2.5 },
      { label: 'cli', result: other },
    ] }).files[0].text;
    expect(md).toMatch(/\| engine \| sim, seed 3, [^|]*, virtual time \| sim, seed 99, [^|]*, speed 2\.5× \| sim, seed 99, [^|,]+ \|/);
    expect(md).toContain(`| design sha256 | ${hash} (this design) | 0123456789abcdef (another version of the design) |  |`);
  });

  it('writes every TTL with the one duration formatter: a 24h cell reads 1d, as the namespaces table does', () => {
    const text = FIXTURE_YAML.replace('prod: { ttl: 2h, jitter: 10% }', 'prod: { ttl: 24h, jitter: 10% }').replace('duration: 20s', 'duration: 20000ms');
    expect(text).toContain('duration: 20000ms');
    const loaded = loadDesign(text);
    if (!loaded.ok) throw new Error('fixture does not load');
    const md = exportDesign(loaded.design, { environment: 'prod' }, ['md']).files[0].text;
    expect(md).toMatch(/\| rooms \| 1m \| 1d ±10% \|/);
    expect(md).not.toContain('24h');
    expect(md).toContain('steady (steady, 20s)');
    expect(md).not.toContain('20000ms');
  });
});
