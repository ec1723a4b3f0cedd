/**
 * Accessibility of every main view, checked with axe-core (@axe-core/playwright) in Debian's
 * chromium against browser mode: Start, every Design section, the unsaved-changes and Save As
 * dialogs, Run (finished simulated run, saved connections open), Compare with two runs, Fidelity,
 * the Export preview, a pub/sub preset's run and a finished fidelity run. A moderate, serious or
 * critical violation fails the test; minor ones are printed and attached.
 */
import type { TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { audit } from './support/axe';
import { PRESET, compareTwoRuns } from './flows';
import type { WorkbenchPage } from './workbench-page';

const PUBSUB_PRESET = 'Real-time notifications and critical alerts';
const OTHER_PRESET = 'Node.js session store';

/** Every section tab of the Design view as the view lists it (or only `only`), each audited. */
async function auditDesignSections(wb: WorkbenchPage, testInfo: TestInfo, suffix: string, only?: string[]): Promise<void> {
  const tabs = wb.page.getByRole('tablist', { name: 'Design sections' }).getByRole('tab');
  const names = (await tabs.allTextContents()).filter((name) => !only || only.includes(name));
  expect(names.length, 'Design sections to check').toBeGreaterThan(only ? only.length - 1 : 5);
  for (const name of names) {
    await tabs.filter({ hasText: name }).first().click();
    await expect(tabs.filter({ hasText: name }).first()).toHaveAttribute('aria-selected', 'true');
    if (name === 'YAML') await expect(wb.page.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
    await audit(wb, testInfo, `Design › ${name}${suffix}`);
  }
}

test.describe('Accessibility of every main view (axe-core)', () => {
  test('Start, with the views that need a design saying why they are disabled', async ({ workbench: wb }, testInfo) => {
    const reason = /^Open a preset, a recent design or a file first/;
    for (const view of ['Design', 'Run', 'Compare', 'Fidelity', 'Export'] as const) {
      await expect(wb.viewTab(view)).toBeDisabled();
      await expect(wb.viewTab(view)).toHaveAccessibleDescription(reason);
      await expect(wb.viewTab(view)).toHaveAttribute('title', reason);
    }
    // Reachable by keyboard: the arrow key moves focus onto a disabled tab without choosing it.
    await wb.viewTab('Start').focus();
    await wb.page.keyboard.press('ArrowRight');
    await expect(wb.viewTab('Design')).toBeFocused();
    await expect(wb.viewTab('Start')).toHaveAttribute('aria-selected', 'true');
    await wb.page.keyboard.press('Enter');
    await expect(wb.viewTab('Start')).toHaveAttribute('aria-selected', 'true');
    await audit(wb, testInfo, 'Start');
  });

  test('every Design section, before and after an edit', async ({ workbench: wb }, testInfo) => {
    test.setTimeout(300_000); // every section, both schemes: 2.6 min on a loaded 2-core machine
    await wb.openPreset(PRESET);
    await expect(wb.viewTab('Run')).not.toHaveAttribute('title');
    await auditDesignSections(wb, testInfo, '');
    await wb.setTtl('product', 'prod', '7m');
    await audit(wb, testInfo, 'Design › TTL matrix, edited');
  });

  test('the Save As and unsaved-changes dialogs, connections, Fidelity and the Export preview', async ({ workbench: wb }, testInfo) => {
    test.setTimeout(180_000);
    await wb.openPreset(PRESET);
    await wb.setTtl('product', 'prod', '7m');
    await wb.topButton('Save').click();
    await expect(wb.page.getByRole('dialog', { name: 'Save design as' })).toBeVisible();
    await audit(wb, testInfo, 'Save As dialog');
    await wb.page.keyboard.press('Escape');
    await expect(wb.page.getByRole('dialog', { name: 'Save design as' })).toBeHidden();

    await wb.showView('Start');
    await wb.page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${OTHER_PRESET}` }).click();
    const prompt = wb.page.getByRole('alertdialog', { name: 'Save changes first?' });
    await expect(prompt).toBeVisible();
    await audit(wb, testInfo, 'Unsaved-changes prompt');
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await expect(prompt).toBeHidden();

    // The saved-connections panel shows with the live engines, open while no connection is saved.
    await wb.configureRun({ engine: 'Saved connection' });
    await expect(wb.page.getByRole('textbox', { name: 'Redis URL' })).toBeVisible();
    await audit(wb, testInfo, 'Run (no run yet, saved connections open)');

    await wb.showView('Fidelity');
    await audit(wb, testInfo, 'Fidelity (no fidelity run)');

    await wb.showView('Export');
    await expect(wb.page.getByRole('tablist', { name: 'Export files' })).toBeVisible({ timeout: 30_000 });
    await expect(wb.page.locator('.export-editor .monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
    await audit(wb, testInfo, 'Export preview');
  });

  test('Run with a finished simulated run, Compare with two runs, and the Room board', async ({ workbench: wb }, testInfo) => {
    test.setTimeout(180_000);
    await compareTwoRuns(wb);
    await audit(wb, testInfo, 'Compare (two runs)');
    await wb.showView('Run');
    await expect(wb.finalMetrics()).toBeVisible();
    await audit(wb, testInfo, 'Run (finished simulated run)');
    // Browser mode's room (the fixture's server has one): the trainer's push form and the results board.
    await wb.showView('Room');
    await expect(wb.page.getByRole('table', { name: 'Results board' }).getByTestId('board-row')).toHaveCount(2);
    await audit(wb, testInfo, 'Room (push form, results board with two runs)');
  });

  test('Fidelity with a finished fidelity run (simulator and a managed redis-server)', async ({ workbench: wb }, testInfo) => {
    test.setTimeout(240_000);
    await wb.openPreset(PRESET);
    await wb.configureRun({ engine: 'Fidelity: simulator vs live', requests: '4000' });
    await wb.pressRun();
    await wb.waitForRunEnd('Done', 150_000);
    await wb.showView('Fidelity');
    await expect(wb.page.getByRole('table', { name: 'Fidelity targets' })).toBeVisible({ timeout: 20_000 });
    await audit(wb, testInfo, 'Fidelity (finished fidelity run)');
  });

  test('Run of a pub/sub preset', async ({ workbench: wb }, testInfo) => {
    test.setTimeout(180_000);
    await wb.openPreset(PUBSUB_PRESET);
    await auditDesignSections(wb, testInfo, ' (pub/sub preset)', ['Traffic', 'Channels & shards', 'Delivery & clients', 'Failures']);
    await wb.configureRun({ engine: 'Simulator' });
    await wb.pressRun();
    await wb.waitForRunEnd('Done', 120_000);
    await expect(wb.finalMetrics()).toBeVisible();
    await audit(wb, testInfo, 'Run (pub/sub preset, finished)');
  });
});
