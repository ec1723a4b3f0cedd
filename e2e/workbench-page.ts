/**
 * The workbench as a person sees it: tabs, buttons, fields, the YAML editor, the run's numbers and
 * charts. Everything goes through roles, accessible names and what is drawn on screen; nothing
 * reaches into the React tree or the store. Used by the browser-mode and the Electron specs alike.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { SCREENSHOT_DIR } from './support/paths';

export type ViewName = 'Start' | 'Design' | 'Run' | 'Compare' | 'Fidelity' | 'Export' | 'Recording' | 'Room';
export type DesignSection = 'Namespaces' | 'TTL matrix' | 'Invalidation' | 'Channels & shards' | 'Rate limits' | 'Server' | 'YAML';
export type RunEnd = 'Done' | 'Stopped' | 'Failed';

export interface RunSettings {
  /** The visible label of the engine option, e.g. `Simulator`. */
  engine?: string;
  environment?: string;
  seed?: string;
  requests?: string;
  /** The visible label of the speed option (live engines), e.g. `10× faster`. */
  speed?: string;
}

/** Monaco draws spaces as no-break spaces. */
const clean = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

export class WorkbenchPage {
  /** `testInfo` receives the screenshots as attachments (none in the benchmark). */
  constructor(readonly page: Page, private readonly testInfo?: Pick<TestInfo, 'attach'>, private readonly shotPrefix = '') {}

  // --- the shell ---------------------------------------------------------------------------

  viewTab(name: ViewName): Locator {
    return this.page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });
  }

  async showView(name: ViewName): Promise<void> {
    await this.viewTab(name).click();
    await expect(this.viewTab(name)).toHaveAttribute('aria-selected', 'true');
  }

  topButton(name: 'Open…' | 'Save' | 'Run' | 'Stop'): Locator {
    return this.page.getByRole('toolbar', { name: 'Design actions' }).getByRole('button', { name, exact: true });
  }

  notifications(): Locator {
    return this.page.getByRole('list', { name: 'Notifications' });
  }

  /** The app has loaded its presets (the host answered). */
  async waitUntilReady(): Promise<void> {
    await expect(this.page.getByRole('list', { name: 'Presets' })).toBeVisible({ timeout: 30_000 });
  }

  /** A full-page screenshot, attached to the test and written to artifacts/e2e-screenshots/<name>.png. */
  async screenshot(name: string): Promise<void> {
    const file = `${this.shotPrefix}${name}`;
    const body = await this.page.screenshot({ fullPage: true });
    await this.testInfo?.attach(file, { body, contentType: 'image/png' });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, `${file}.png`), body);
  }

  // --- start -------------------------------------------------------------------------------

  async openPreset(name: string): Promise<void> {
    await this.page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${name}` }).click();
    await expect(this.viewTab('Design')).toHaveAttribute('aria-selected', 'true');
  }

  recentList(): Locator {
    return this.page.getByRole('list', { name: 'Recent' });
  }

  // --- design ------------------------------------------------------------------------------

  async showSection(name: DesignSection): Promise<void> {
    const tab = this.page.getByRole('tablist', { name: 'Design sections' }).getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  /** A TTL field: a combobox, since it suggests the forms a TTL takes (none, 0s, durations). */
  ttlField(dataClass: string, environment: string): Locator {
    return this.page.getByRole('grid', { name: 'TTL matrix' }).getByRole('combobox', { name: `TTL for ${dataClass} in ${environment}`, exact: true });
  }

  jitterField(dataClass: string, environment: string): Locator {
    return this.page.getByRole('grid', { name: 'TTL matrix' }).getByRole('textbox', { name: `Jitter for ${dataClass} in ${environment}`, exact: true });
  }

  /** The grid cell of a data class in an environment. */
  ttlCell(dataClass: string, environment: string): Locator {
    const field = this.page.getByRole('combobox', { name: `TTL for ${dataClass} in ${environment}`, exact: true });
    return this.page.getByRole('grid', { name: 'TTL matrix' }).getByRole('gridcell').filter({ has: field });
  }

  /** Types a TTL into the grid cell and commits it with Enter, as a person would. */
  async setTtl(dataClass: string, environment: string, ttl: string): Promise<void> {
    await this.showSection('TTL matrix');
    const field = this.ttlField(dataClass, environment);
    await field.fill(ttl);
    await field.press('Enter');
    await expect(field).toHaveValue(ttl);
  }

  problems(): Locator {
    return this.page.getByRole('list', { name: 'Problems' });
  }

  /** The YAML editor's text box (Monaco's hidden textarea, labelled "Design YAML"). */
  editorInput(): Locator {
    return this.page.getByRole('textbox', { name: 'Design YAML' });
  }

  async showYaml(): Promise<void> {
    await this.showSection('YAML');
    await expect(this.editorInput()).toBeAttached({ timeout: 30_000 });
    await expect(this.page.locator('.monaco-editor .view-lines')).toBeVisible();
  }

  /** The text of the editor's rendered lines (what is on screen, not the whole file). */
  async visibleYaml(): Promise<string> {
    return clean(await this.page.locator('.monaco-editor .view-lines').textContent());
  }

  /** Uses the editor's Find (Ctrl+F) to bring `text` into view and select it, then closes Find. */
  async findInYaml(text: string): Promise<void> {
    await this.editorInput().focus();
    await this.page.keyboard.press('Control+f');
    const find = this.page.getByRole('textbox', { name: 'Find' });
    await expect(find).toBeVisible();
    await find.fill(text);
    await expect(this.page.locator('.find-widget .matchesCount')).not.toHaveText(/No results/);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
  }

  /** The line number the editor shows beside the line that contains `text` (null if none is on screen). */
  async lineNumberOf(text: string): Promise<number | null> {
    const line = this.page.locator('.monaco-editor .view-line').filter({ hasText: text }).first();
    const box = await line.boundingBox();
    return box ? this.lineNumberAt(box.y + box.height / 2) : null;
  }

  /** The number in the editor's gutter at the screen height `y` (null while none is drawn there). */
  async lineNumberAt(y: number): Promise<number | null> {
    const numbers = this.page.locator('.monaco-editor .margin .line-numbers');
    for (const number of await numbers.all()) {
      const box = await number.boundingBox();
      if (box && y >= box.y && y < box.y + box.height) return Number((await number.textContent())?.trim());
    }
    return null;
  }

  /** Line numbers of the rows that carry an error squiggle. */
  async errorMarkerLines(): Promise<number[]> {
    const lines: number[] = [];
    for (const squiggle of await this.page.locator('.monaco-editor .squiggly-error').all()) {
      const box = await squiggle.boundingBox();
      const line = box ? await this.lineNumberAt(box.y + box.height / 2) : null;
      if (line !== null) lines.push(line);
    }
    return lines;
  }

  /** The gutter number of the line the caret is on (the highlighted current line), null if off screen. */
  async caretLine(): Promise<number | null> {
    const current = this.page.locator('.monaco-editor .margin .current-line').first();
    const box = await current.boundingBox();
    return box ? this.lineNumberAt(box.y + box.height / 2) : null;
  }

  // --- run ---------------------------------------------------------------------------------

  runSettings(): Locator {
    return this.page.getByRole('form', { name: 'Run settings' });
  }

  engineSelect(): Locator {
    return this.runSettings().getByRole('combobox', { name: 'Engine', exact: true });
  }

  async configureRun(settings: RunSettings): Promise<void> {
    await this.showView('Run');
    const form = this.runSettings();
    if (settings.engine !== undefined) await this.engineSelect().selectOption({ label: settings.engine });
    if (settings.environment !== undefined) await form.getByRole('combobox', { name: 'Environment', exact: true }).selectOption(settings.environment);
    if (settings.seed !== undefined) await form.getByRole('textbox', { name: 'Seed', exact: true }).fill(settings.seed);
    if (settings.requests !== undefined) await form.getByRole('textbox', { name: 'Request budget', exact: true }).fill(settings.requests);
    if (settings.speed !== undefined) await form.getByRole('combobox', { name: 'Speed', exact: true }).selectOption({ label: settings.speed });
  }

  progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Run progress' });
  }

  /** The status line above the progress bar (Queued, Running, Done, Stopped, Failed…). */
  runStatus(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(No run yet|Starting…|Queued|Running|Done|Stopped|Failed)/ });
  }

  async pressRun(): Promise<void> {
    await expect(this.topButton('Run')).toBeEnabled();
    await this.topButton('Run').click();
    await expect(this.viewTab('Run')).toHaveAttribute('aria-selected', 'true');
  }

  async waitForRunEnd(expected: RunEnd, timeoutMs = 60_000): Promise<void> {
    await expect(this.runStatus()).toContainText(expected, { timeout: timeoutMs });
  }

  /** The value shown in a headline metric (the group labelled e.g. "Hit ratio"). */
  /** A row of the final metrics table, by its name. */
  finalMetric(name: string): Locator {
    return this.page.getByRole('table', { name: 'Final metrics' }).getByRole('row', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) });
  }

  metric(name: string): Locator {
    return this.page.getByRole('region', { name: 'Headline metrics' }).getByRole('group', { name, exact: true });
  }

  chart(title: string): Locator {
    return this.page.getByRole('figure', { name: title, exact: true });
  }

  /** How many pixels of the chart's canvas carry ink (0: nothing drawn yet). */
  async chartInkPixels(title: string): Promise<number> {
    const canvas = this.chart(title).getByRole('img');
    return canvas.evaluate((element) => {
      const c = element as HTMLCanvasElement;
      const context = c.getContext('2d');
      if (!context || c.width === 0 || c.height === 0) return 0;
      const data = context.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
      return ink;
    });
  }

  /** Tick labels drawn on the chart's axes. */
  async chartTickLabels(title: string): Promise<string[]> {
    return this.chart(title).locator('svg .tick text').allTextContents();
  }

  historyList(): Locator {
    return this.page.getByRole('list', { name: 'Run history' });
  }

  finalMetrics(): Locator {
    return this.page.getByRole('table', { name: 'Final metrics' });
  }
}
