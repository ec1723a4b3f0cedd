/**
 * In-page probes for the UI benchmark: when Run was clicked, when a chart first has ink on its
 * canvas, frame times (requestAnimationFrame deltas) and long tasks. Written as plain JavaScript
 * strings so that no compiler helper (tsx's __name) leaks into the page.
 */
import type { Page } from '@playwright/test';

const HIT_CHART = 'canvas[aria-label^="Hit ratio over time"]';

/**
 * Installed before the app's scripts on every load (the page's CSP forbids eval, so every probe
 * lives here and is called by name): records Run clicks and long tasks, answers "has it happened
 * yet" with the ms since the Run click (or false), and collects frame times on demand.
 */
const INIT = `(() => {
  const hasInk = (canvas) => {
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  };
  const sinceClick = (ok) => (ok && b.runClickAt !== null ? performance.now() - b.runClickAt : false);
  const b = window.__kwBench = {
    runClickAt: null, oldCanvas: null, deltas: [], longTasks: [], monitoring: false,
    now: () => performance.now(),
    /* the new run's hit-ratio chart has ink */
    firstInk: () => {
      const canvas = document.querySelector('${HIT_CHART}');
      return sinceClick(canvas !== b.oldCanvas && hasInk(canvas));
    },
    /* the Run click and the page's run marks (RUN_MARKS), as epoch ms */
    runMarks: () => ({
      click: performance.timeOrigin + b.runClickAt,
      marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kw:run')).map((m) => [m.name, performance.timeOrigin + m.startTime]),
    }),
    /* the status line says Done */
    done: () => sinceClick([...document.querySelectorAll('[role=status]')].some((e) => (e.textContent || '').startsWith('Done'))),
    /* the Final metrics table is on screen */
    final: () => sinceClick(!!document.querySelector('table[aria-label="Final metrics"]')),
    /* every chart canvas on screen has ink: ms since \`since\` */
    allInk: (since) => {
      const canvases = [...document.querySelectorAll('figure canvas[role=img]')];
      return canvases.length > 0 && canvases.every(hasInk) ? performance.now() - since : false;
    },
    startFrames: () => {
      b.deltas = [];
      b.longTasks = [];
      b.monitoring = true;
      let last = performance.now();
      const tick = (t) => {
        if (!b.monitoring) return;
        b.deltas.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames: () => {
      b.monitoring = false;
      return { deltas: b.deltas, longTasks: b.longTasks };
    },
  };
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Run') {
      b.runClickAt = performance.now();
      b.oldCanvas = document.querySelector('${HIT_CHART}');
    }
  }, true);
  new PerformanceObserver((list) => {
    if (b.monitoring) for (const entry of list.getEntries()) b.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
})()`;

type Probe = 'now' | 'firstInk' | 'runMarks' | 'done' | 'final' | 'allInk' | 'startFrames' | 'stopFrames';

function call<T>(page: Page, probe: Probe, arg?: number): Promise<T> {
  return page.evaluate(([name, value]) => (window as unknown as { __kwBench: Record<string, (v?: number) => unknown> }).__kwBench[name](value), [probe, arg] as const) as Promise<T>;
}

export interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  longTasks: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript(INIT);
}

async function waitFor(page: Page, probe: Probe, timeoutMs: number, arg?: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([name, value]) => (window as unknown as { __kwBench: Record<string, (v?: number) => unknown> }).__kwBench[name](value),
    [probe, arg] as const,
    { polling: 'raf', timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

export const msToFirstChartInk = (page: Page, timeoutMs = 60_000) => waitFor(page, 'firstInk', timeoutMs);
export const msToDone = (page: Page, timeoutMs = 300_000) => waitFor(page, 'done', timeoutMs);
export const msToFinalMetrics = (page: Page, timeoutMs = 300_000) => waitFor(page, 'final', timeoutMs);

/** ms from just before `start` until every chart canvas on screen has ink. */
export async function msToAllChartsInked(page: Page, start: () => Promise<void>, timeoutMs = 120_000): Promise<number> {
  const since = await call<number>(page, 'now');
  await start();
  return waitFor(page, 'allInk', timeoutMs, since);
}

/** Epoch ms of the last Run click and of the page's run marks (electron/common/run-marks.ts) by name. */
export async function pageRunMarks(page: Page): Promise<{ click: number; marks: Record<string, number> }> {
  const { click, marks } = await call<{ click: number; marks: Array<[string, number]> }>(page, 'runMarks');
  return { click, marks: Object.fromEntries(marks) };
}

export async function startFrames(page: Page): Promise<void> {
  await call(page, 'startFrames');
}

export async function stopFrames(page: Page): Promise<FrameStats> {
  const { deltas, longTasks } = await call<{ deltas: number[]; longTasks: number[] }>(page, 'stopFrames');
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    frames: deltas.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    longTasks: longTasks.length,
    longTaskTotalMs: longTasks.reduce((sum, d) => sum + d, 0),
    longTaskMaxMs: longTasks.length > 0 ? Math.max(...longTasks) : 0,
  };
}
