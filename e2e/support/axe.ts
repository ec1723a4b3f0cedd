/** axe-core (@axe-core/playwright) on the page as it is: shared by the specs that check a view's accessibility. */
import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';
import type { WorkbenchPage } from '../workbench-page';

const BLOCKING = new Set(['moderate', 'serious', 'critical']);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/**
 * The rules of TAGS whose outcome depends on colours. The themes differ only in colours (CSS
 * variables in renderer/styles/app.css, Monaco's theme, the charts' palette), so the second scheme
 * needs only these; every other rule sees the same DOM and layout in both.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

function describe(violation: Result, nodes = 5): string {
  const where = violation.nodes.slice(0, nodes).map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`);
  return [`[${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length} element(s))`, ...where].join('\n');
}

/** The moderate, serious or critical violations on a page as it is now (one colour scheme), one text each. */
export async function blockingViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.filter((v) => BLOCKING.has(v.impact ?? '')).map((v) => describe(v));
}

/**
 * Runs axe on the page as it is now (every rule in light, the colour rules again in dark), prints
 * the minor violations, and records a soft failure for every moderate, serious or critical one, so
 * one run lists them all.
 */
export async function audit(wb: WorkbenchPage, testInfo: TestInfo, view: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await wb.page.emulateMedia({ colorScheme: scheme });
    await expect(wb.page.locator('html')).toHaveAttribute('data-theme', scheme);
    const builder = new AxeBuilder({ page: wb.page });
    const { violations, passes } = await (scheme === 'light' ? builder.withTags(TAGS) : builder.withRules(COLOUR_RULES)).analyze();
    expect(passes.map((rule) => rule.id), `axe checked ${view} (${scheme})`).toContain('color-contrast');
    const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ''));
    const other = violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
    const label = `${view} (${scheme})`;
    if (other.length > 0) {
      const text = other.map((v) => describe(v, 2)).join('\n');
      process.stdout.write(`a11y: ${label}: ${other.length} minor violation(s)\n${text}\n`);
      await testInfo.attach(`a11y-${label}-minor.txt`, { body: text, contentType: 'text/plain' });
    }
    expect.soft(blocking.map((v) => describe(v)), `moderate, serious or critical axe violations in ${label}`).toEqual([]);
  }
  await wb.page.emulateMedia({ colorScheme: 'light' });
}
