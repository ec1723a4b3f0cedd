/**
 * `npm run bench:ui`: how the workbench feels, measured in Debian's chromium against browser mode.
 * Prints numbers, never pass/fail:
 *   (a) preset opened, a TTL changed in the grid, Run pressed → the first chart frame with ink
 *       (the hit-ratio canvas of the new run, polled every animation frame), median of 5;
 *   (b) a 1 M-request simulation, Run → Done and Run → final metrics on screen, median of 3;
 *   (c) charts with 100 k points: a design with a 10 ms snapshot interval run for 1 M requests
 *       (100 001 snapshots per series), frame times (requestAnimationFrame deltas) and long tasks
 *       while it streams and its final result is drawn, then a redraw of every chart;
 *   (d) on that finished 100 k-point run: frame times and long tasks while the pointer sweeps
 *       across a chart (hover read-out), and while its time axis is zoomed (a drag-select, three
 *       Ctrl+wheel steps, Reset zoom), every chart of the run following the zoom.
 * Times are read from the page: the Run click (a capturing listener) to the first canvas pixel with
 * ink. Case (a) also prints where that time went, from the run marks (electron/common/run-marks.ts)
 * of the page and of the host (which runs in this process): medians of each stage.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startServer } from '../electron/serve/server';
import { CHROMIUM } from './playwright.config';
import { PRESET, WorkbenchPage } from './flows';
import { installProbes, msToAllChartsInked, msToDone, msToFinalMetrics, msToFirstChartInk, pageRunMarks, startFrames, stopFrames } from './support/page-probes';
import { RUN_MARKS } from '../electron/common';
import type { FrameStats } from './support/page-probes';
import { REPO_ROOT, RENDERER_DIST } from './support/paths';

const FIRST_FRAME_RUNS = 5;
const MILLION_RUNS = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : 'n/a');

interface Row {
  name: string;
  value: string;
  detail: string;
}

/** The catalogue preset with one 3 s phase: snapshots every 10 ms, so 1 M requests give 100 001 points. */
function densePresetText(): string {
  const text = readFileSync(join(REPO_ROOT, 'presets', 'ecommerce-catalog.yaml'), 'utf8');
  const dense = text
    .replace(/^name: .*$/m, 'name: Catalogue, 100k snapshots')
    .replace(/^ {4}- \{ name: morning ramp,.*$/m, '    - { name: dense, shape: steady, rate: 1000/s, duration: 3s }')
    .replace(/^ {4}- \{ name: peak,.*\n/m, '');
  if (!dense.includes('name: dense')) throw new Error('the catalogue preset changed shape: update densePresetText()');
  return dense;
}

/** Answers Discard when the workbench asks before replacing the unsaved edits of the last case. */
async function discardIfAsked(wb: WorkbenchPage): Promise<void> {
  const prompt = wb.page.getByRole('alertdialog', { name: 'Save changes first?' });
  const opened = wb.page.locator('#view-tab-design[aria-selected="true"]');
  await opened.or(prompt).first().waitFor();
  if (await prompt.isVisible()) await prompt.getByRole('button', { name: 'Discard' }).click();
  await expect(wb.viewTab('Design')).toHaveAttribute('aria-selected', 'true');
}

async function openPreset(wb: WorkbenchPage, name: string): Promise<void> {
  await wb.page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${name}` }).click();
  await discardIfAsked(wb);
}

/** The stages from Run to the first frame: each ends at a mark (the host's in this process's timeline). */
const STAGES = [
  { name: 'design compiled on the host', end: RUN_MARKS.compiled },
  { name: 'job posted to the worker', end: RUN_MARKS.posted },
  { name: 'worker: first snapshot', end: RUN_MARKS.workerSnapshot },
  { name: 'snapshot into the page\'s store', end: RUN_MARKS.storeSnapshot },
  { name: 'chart drawn (first ink)', end: 'first ink' },
] as const;

function hostRunMarks(): Record<string, number> {
  return Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kw:run')).map((m) => [m.name, performance.timeOrigin + m.startTime]));
}

async function firstChartFrame(wb: WorkbenchPage): Promise<{ times: number[]; stages: number[][] }> {
  const times: number[] = [];
  const stages: number[][] = STAGES.map(() => []);
  for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
    await wb.showView('Start');
    await openPreset(wb, PRESET);
    await wb.setTtl('product', 'prod', `${6 + i}m`);
    await wb.topButton('Run').click();
    const ink = await msToFirstChartInk(wb.page);
    times.push(ink);
    const { click, marks } = await pageRunMarks(wb.page);
    const at: Record<string, number> = { ...marks, ...hostRunMarks(), 'first ink': click + ink };
    STAGES.forEach((stage, s) => stages[s].push(at[stage.end] - (s === 0 ? click : at[STAGES[s - 1].end])));
    await msToDone(wb.page);
  }
  return { times, stages };
}

async function millionRequests(wb: WorkbenchPage): Promise<{ done: number[]; final: number[] }> {
  const done: number[] = [];
  const final: number[] = [];
  await wb.showView('Start');
  await openPreset(wb, PRESET);
  await wb.configureRun({ engine: 'Simulator', requests: '1000000' });
  for (let i = 0; i < MILLION_RUNS; i++) {
    await wb.topButton('Run').click();
    done.push(await msToDone(wb.page));
    final.push(await msToFinalMetrics(wb.page));
  }
  return { done, final };
}

async function hundredThousandPoints(wb: WorkbenchPage, designFile: string) {
  const page: Page = wb.page;
  await wb.showView('Start');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open design file…' }).click();
  await (await chooser).setFiles(designFile);
  await discardIfAsked(wb);
  await wb.configureRun({ engine: 'Simulator', requests: '1000000' });
  await startFrames(page);
  await wb.topButton('Run').click();
  const done = await msToDone(page);
  const streaming = await stopFrames(page);
  await startFrames(page);
  const final = await msToFinalMetrics(page);
  await page.waitForTimeout(3000); // the final series (100 k points per line) is drawn in here
  const finalDraw = await stopFrames(page);
  await wb.showView('Design');
  await startFrames(page);
  const redraw = await msToAllChartsInked(page, () => wb.showView('Run'));
  await page.waitForTimeout(1000);
  const redrawFrames = await stopFrames(page);
  const requests = (await wb.metric('Requests').textContent())?.replace(/^Requests/, '').trim() ?? '?';
  return { done, final, streaming, finalDraw, redraw, redrawFrames, requests };
}

/** Where a fraction of a chart's plot is on the page (the plot spans the svg minus 58 px left, 14 px right). */
async function plotPoint(page: Page, title: string, fraction: number): Promise<{ x: number; y: number }> {
  const box = await page.getByRole('figure', { name: title, exact: true }).getByTestId('chart-plot').boundingBox();
  if (!box) throw new Error(`${title}: no plot on screen`);
  return { x: box.x + 58 + (box.width - 72) * fraction, y: box.y + box.height / 2 };
}

async function hoverAndZoom(wb: WorkbenchPage) {
  const page = wb.page;
  const chart = 'Latency percentiles';
  // The Run view may hold the chart below the fold: the pointer can only reach it on screen.
  await page.getByRole('figure', { name: chart, exact: true }).scrollIntoViewIfNeeded();
  const start = await plotPoint(page, chart, 0.02);
  const end = await plotPoint(page, chart, 0.98);
  await page.mouse.move(start.x, start.y);
  await startFrames(page);
  for (let i = 0; i <= 120; i++) await page.mouse.move(start.x + ((end.x - start.x) * i) / 120, start.y);
  await page.waitForTimeout(300);
  const hover = await stopFrames(page);
  // On a loaded machine the read-out may come a few frames after the last move (outside the frames measured).
  await expect(page.getByRole('tooltip'), 'the hover read-out is on screen').toBeVisible({ timeout: 10_000 });

  await startFrames(page);
  const from = await plotPoint(page, chart, 0.3);
  const to = await plotPoint(page, chart, 0.7);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  await page.keyboard.down('Control');
  for (let i = 0; i < 3; i++) {
    await page.mouse.wheel(0, -240);
    await page.waitForTimeout(150);
  }
  await page.keyboard.up('Control');
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Reset zoom' }).first().click();
  await page.waitForTimeout(500);
  const zoom = await stopFrames(page);
  return { hover, zoom };
}

function frameRow(name: string, stats: FrameStats): Row {
  return {
    name,
    value: `p95 ${ms(stats.p95Ms)}`,
    detail: `${stats.frames} frames, p50 ${ms(stats.p50Ms)}, max ${ms(stats.maxMs)}; long tasks ${stats.longTasks} (total ${ms(stats.longTaskTotalMs)}, max ${ms(stats.longTaskMaxMs)})`,
  };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kw-bench-ui-'));
  const designFile = join(root, 'catalogue-100k-snapshots.yaml');
  writeFileSync(designFile, densePresetText());
  // As `npm run serve` does: runs start the bundled worker (npm run bench:ui builds it).
  const workerFile = join(REPO_ROOT, 'dist/electron/run-worker.cjs');
  const server = await startServer({ staticDir: RENDERER_DIST, port: 0, dataDir: join(root, 'data'), workspaceDir: root, workerFile });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const browserVersion = browser.version();
  const rows: Row[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await installProbes(page);
    await page.goto(server.url);
    const wb = new WorkbenchPage(page);
    await wb.waitUntilReady();

    const { times: first, stages } = await firstChartFrame(wb);
    rows.push({ name: '(a) TTL edited, Run → first chart frame', value: ms(median(first)), detail: `median of ${first.length}: ${first.map(ms).join(', ')}` });
    rows.push({ name: '(a) where it went (medians per stage)', value: '', detail: STAGES.map((stage, s) => `${stage.name} ${ms(median(stages[s]))}`).join('; ') });

    const million = await millionRequests(wb);
    rows.push({ name: '(b) 1 M requests: Run → Done', value: ms(median(million.done)), detail: `median of ${million.done.length}: ${million.done.map(ms).join(', ')}` });
    rows.push({ name: '(b) 1 M requests: Run → final metrics shown', value: ms(median(million.final)), detail: `median of ${million.final.length}: ${million.final.map(ms).join(', ')}` });

    const dense = await hundredThousandPoints(wb, designFile);
    rows.push({ name: '(c) 100 k points: Run → Done', value: ms(dense.done), detail: `${dense.requests} requests, 100 001 snapshots per series` });
    rows.push({ name: '(c) 100 k points: Run → final metrics shown', value: ms(dense.final), detail: 'record (all snapshots) fetched and rendered' });
    rows.push(frameRow('(c) frames while the run streams', dense.streaming));
    rows.push(frameRow('(c) frames while the 100 k-point result is drawn', dense.finalDraw));
    rows.push({ name: '(c) Run view shown again → every chart drawn', value: ms(dense.redraw), detail: 'all charts remount with 100 k points per line' });
    rows.push(frameRow('(c) frames during that redraw (+1 s)', dense.redrawFrames));

    // A case that cannot be measured says why, and the cases before it still print.
    const instruments = await hoverAndZoom(wb).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (instruments instanceof Error) rows.push({ name: '(d) 100 k points: hover and zoom', value: 'n/a', detail: instruments.message.split('\n')[0] });
    else {
      rows.push(frameRow('(d) 100 k points: pointer swept across a chart', instruments.hover));
      rows.push(frameRow('(d) 100 k points: drag-zoom, 3 Ctrl+wheel, Reset', instruments.zoom));
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }

  const cpu = cpus();
  const width = Math.max(...rows.map((row) => row.name.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  const lines = [
    'Keyspace Workbench UI benchmark (browser mode, Debian chromium, headless)',
    `command: npm run bench:ui  (npm run build:renderer && node bin/run-ts.mjs e2e/bench-ui.ts)`,
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}, ${process.platform}/${process.arch}`,
    `browser: ${CHROMIUM} (Chromium ${browserVersion})`,
    '',
    `${'case'.padEnd(width)}  ${'value'.padStart(valueWidth)}  detail`,
    ...rows.map((row) => `${row.name.padEnd(width)}  ${row.value.padStart(valueWidth)}  ${row.detail}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
