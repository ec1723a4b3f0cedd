/**
 * Never losing a person's work, in Debian's chromium against browser mode: the Save / Discard /
 * Cancel prompt before open, new, preset and recent; Save As asking before it replaces a file;
 * one undo history for form and YAML edits; autosave per design offered again; the Seed check.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialog, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PRESET } from './flows';
import type { WorkbenchPage } from './workbench-page';

const OTHER_PRESET = 'Node.js session store';

const unsavedBadge = (page: Page) => page.getByRole('status').filter({ hasText: 'Unsaved changes' });
const prompt = (page: Page) => page.getByRole('alertdialog', { name: 'Save changes first?' });
const toolbarButton = (page: Page, name: 'Undo' | 'Redo') => page.getByRole('toolbar', { name: 'Design actions' }).getByRole('button', { name, exact: true });
const namespaceNames = (page: Page) => page.getByRole('textbox', { name: /^Name of namespace \d+$/ });

/** Opens the catalogue preset and changes one TTL: the design has unsaved changes. */
async function editCatalogue(wb: WorkbenchPage, ttl = '7m'): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.setTtl('product', 'prod', ttl);
  await expect(unsavedBadge(wb.page)).toBeVisible();
}

async function expectCatalogueTtl(wb: WorkbenchPage, ttl: string): Promise<void> {
  await expect(wb.page.getByRole('banner')).toContainText(PRESET);
  await wb.showSection('TTL matrix');
  await expect(wb.ttlField('product', 'prod')).toHaveValue(ttl);
}

/** Waits until the host holds `count` autosave slots. */
async function autosaveSlots(dataDir: string, count: number): Promise<void> {
  const dir = join(dataDir, 'autosave');
  await expect.poll(() => (existsSync(dir) ? readdirSync(dir).length : 0), { message: `${count} autosave slot(s)`, timeout: 10_000 }).toBe(count);
}

/** Reloads with unsaved changes: the page asks first (beforeunload), and leaving is accepted. */
async function reloadAcceptingPrompt(wb: WorkbenchPage): Promise<void> {
  const asked: string[] = [];
  const onDialog = (dialog: Dialog) => {
    asked.push(dialog.type());
    void dialog.accept();
  };
  wb.page.on('dialog', onDialog);
  await wb.page.reload();
  wb.page.off('dialog', onDialog);
  expect(asked, 'the page asked before it reloaded with unsaved changes').toEqual(['beforeunload']);
  await wb.waitUntilReady();
}

test.describe('Unsaved work in a browser', () => {
  test('asks before a preset replaces unsaved edits: Cancel keeps them, Discard opens the preset', async ({ workbench: wb }) => {
    await editCatalogue(wb);
    await expect(wb.page).toHaveTitle(`● ${PRESET} — Keyspace Workbench`);
    await wb.showView('Start');
    await wb.page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${OTHER_PRESET}` }).click();
    await expect(prompt(wb.page)).toContainText(`${PRESET} has unsaved changes. Save them before you open the preset ${OTHER_PRESET}?`);
    await wb.screenshot('unsaved-prompt');
    // The design behind the prompt does not change: Ctrl+Z waits until the prompt is answered.
    await wb.page.keyboard.press('Control+z');
    await prompt(wb.page).getByRole('button', { name: 'Cancel' }).click();
    await expect(prompt(wb.page)).toBeHidden();
    await expect(unsavedBadge(wb.page)).toBeVisible();
    await wb.showView('Design');
    await expectCatalogueTtl(wb, '7m');

    await wb.showView('Start');
    await wb.page.getByRole('list', { name: 'Presets' }).getByRole('button', { name: `Open preset ${OTHER_PRESET}` }).click();
    await prompt(wb.page).getByRole('button', { name: 'Discard' }).click();
    await expect(wb.viewTab('Design')).toHaveAttribute('aria-selected', 'true');
    await expect(wb.page.getByRole('banner')).toContainText(OTHER_PRESET);
    await expect(unsavedBadge(wb.page)).toHaveCount(0);
    await expect(wb.page).toHaveTitle(`${OTHER_PRESET} — Keyspace Workbench`);
  });

  test('asks before New design, a Recent entry and a picked file; opened presets are in Recent', async ({ workbench: wb, workspaceDir }) => {
    await editCatalogue(wb);
    await wb.showView('Start');
    // The preset just opened is listed in Recent.
    const recentEntry = wb.recentList().getByRole('button', { name: PRESET });
    await expect(recentEntry).toBeVisible();

    await wb.page.getByRole('button', { name: 'New design' }).click();
    await expect(prompt(wb.page)).toContainText('before you create a new design?');
    await prompt(wb.page).getByRole('button', { name: 'Cancel' }).click();
    await expect(wb.page.getByRole('banner')).toContainText(PRESET);

    await recentEntry.click();
    await expect(prompt(wb.page)).toContainText(`before you open the preset ${PRESET}?`);
    await prompt(wb.page).getByRole('button', { name: 'Cancel' }).click();
    await wb.showView('Design');
    await expectCatalogueTtl(wb, '7m');

    const file = join(workspaceDir, 'picked.yaml');
    writeFileSync(file, 'version: 1\nname: Picked design\n');
    await wb.page.getByLabel('Design or trace file').setInputFiles(file);
    await expect(prompt(wb.page)).toContainText('before you open picked.yaml?');
    await prompt(wb.page).getByRole('button', { name: 'Discard' }).click();
    await expect(wb.page.getByRole('banner')).toContainText('picked');

    // Discarded: reopening the catalogue from Recent shows the preset as shipped, with no autosave offered.
    await wb.showView('Start');
    await wb.recentList().getByRole('button', { name: PRESET }).click();
    await expect(prompt(wb.page)).toContainText('before you open the preset');
    await prompt(wb.page).getByRole('button', { name: 'Discard' }).click();
    await expectCatalogueTtl(wb, '5m');
    await expect(wb.page.getByRole('alertdialog', { name: 'Recover unsaved design?' })).toHaveCount(0);
  });

  test('Save from the prompt saves the design, then opens the other one', async ({ workbench: wb, workspaceDir }) => {
    await editCatalogue(wb, '8m');
    await wb.showView('Start');
    await wb.page.getByRole('button', { name: 'New design' }).click();
    await prompt(wb.page).getByRole('button', { name: 'Save' }).click();
    const saveAs = wb.page.getByRole('dialog', { name: 'Save design as' });
    await saveAs.getByLabel('File path').fill('kept.yaml');
    await saveAs.getByRole('button', { name: 'Save as', exact: true }).click();
    await expect(wb.page.getByRole('banner')).toContainText('Untitled design');
    expect(readFileSync(join(workspaceDir, 'kept.yaml'), 'utf8')).toMatch(/prod: \{ ttl: 8m/);
  });

  test('Save As asks before it replaces an existing file', async ({ workbench: wb, workspaceDir }) => {
    const taken = join(workspaceDir, 'taken.yaml');
    writeFileSync(taken, 'old text\n');
    await editCatalogue(wb);
    await wb.topButton('Save').click();
    const saveAs = wb.page.getByRole('dialog', { name: 'Save design as' });
    await saveAs.getByLabel('File path').fill('taken.yaml');
    await saveAs.getByRole('button', { name: 'Save as', exact: true }).click();
    const replace = wb.page.getByRole('alertdialog', { name: 'Replace the existing file?' });
    await expect(replace).toContainText(`${taken} already exists. Replace it with this design?`);
    await wb.screenshot('save-as-overwrite');
    await replace.getByRole('button', { name: 'Cancel' }).click();
    await expect(replace).toBeHidden();
    expect(readFileSync(taken, 'utf8')).toBe('old text\n');
    await expect(saveAs).toBeVisible();
    await expect(unsavedBadge(wb.page)).toBeVisible();

    await saveAs.getByRole('button', { name: 'Save as', exact: true }).click();
    await replace.getByRole('button', { name: 'Replace' }).click();
    await expect(saveAs).toBeHidden();
    await expect(wb.notifications().getByRole('status').filter({ hasText: `Saved ${taken}` })).toBeVisible();
    expect(readFileSync(taken, 'utf8')).toMatch(/prod: \{ ttl: 7m/);
    await expect(unsavedBadge(wb.page)).toHaveCount(0);
  });

  test('undoes and redoes adding a namespace, with the keyboard, the toolbar and across the YAML editor', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await wb.showSection('Namespaces');
    const before = await namespaceNames(wb.page).count();
    await expect(toolbarButton(wb.page, 'Undo')).toBeDisabled();
    await wb.page.getByRole('button', { name: 'Add namespace' }).click();
    await expect(namespaceNames(wb.page)).toHaveCount(before + 1);
    await expect(unsavedBadge(wb.page)).toBeVisible();

    await wb.page.keyboard.press('Control+z');
    await expect(namespaceNames(wb.page)).toHaveCount(before);
    await expect(unsavedBadge(wb.page)).toHaveCount(0);
    await wb.page.keyboard.press('Control+Shift+z');
    await expect(namespaceNames(wb.page)).toHaveCount(before + 1);
    await toolbarButton(wb.page, 'Undo').click();
    await expect(namespaceNames(wb.page)).toHaveCount(before);
    await wb.page.keyboard.press('Control+y');
    await expect(namespaceNames(wb.page)).toHaveCount(before + 1);
    await expect(toolbarButton(wb.page, 'Undo')).toHaveAttribute('title', 'Undo add to namespaces (Ctrl+Z)');

    // Typing in the YAML editor joins the same history: two undos there take back the typing, then the namespace.
    await wb.showYaml();
    await wb.findInYaml('cardinality: 10000');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type(' # typed');
    await expect.poll(() => wb.visibleYaml()).toContain('cardinality: 10000 # typed');
    await wb.page.keyboard.press('Control+z');
    await expect.poll(() => wb.visibleYaml()).not.toContain('# typed');
    await wb.page.keyboard.press('Control+z');
    await wb.showSection('Namespaces');
    await expect(namespaceNames(wb.page)).toHaveCount(before);
    await expect(unsavedBadge(wb.page)).toHaveCount(0);
    await expect(toolbarButton(wb.page, 'Redo')).toBeEnabled();

    // A TTL committed in the grid is a step too; typing not yet committed is the text box's own to undo.
    await wb.setTtl('product', 'prod', '9m');
    await wb.page.keyboard.press('Control+z');
    await expect(wb.ttlField('product', 'prod')).toHaveValue('5m');
    await expect(unsavedBadge(wb.page)).toHaveCount(0);
    await wb.ttlField('product', 'prod').pressSequentially('1');
    await expect(wb.ttlField('product', 'prod')).toHaveValue('5m1');
    await wb.page.keyboard.press('Control+z');
    await expect(wb.ttlField('product', 'prod')).toHaveValue('5m');
    await expect(toolbarButton(wb.page, 'Redo')).toHaveAttribute('title', 'Redo set ttlMatrix.product.prod.ttl (Ctrl+Shift+Z)');
  });

  test('keeps an autosave per design and offers it again on reopen', async ({ workbench: wb, dataDir }) => {
    await editCatalogue(wb, '7m');
    await autosaveSlots(dataDir, 1);
    await reloadAcceptingPrompt(wb);
    // At start the newest autosave is offered; not now.
    const recover = wb.page.getByRole('alertdialog', { name: 'Recover unsaved design?' });
    await expect(recover).toContainText(PRESET);
    await wb.page.keyboard.press('Escape');
    await expect(recover).toBeHidden();

    // Another design's unsaved edits go to their own slot, not over the catalogue's.
    await wb.openPreset(OTHER_PRESET);
    await wb.showSection('YAML');
    await wb.showYaml();
    await wb.findInYaml('version: 1');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type(' # sessions edited');
    await autosaveSlots(dataDir, 2);
    await reloadAcceptingPrompt(wb);
    await expect(recover).toContainText(OTHER_PRESET);
    await wb.page.keyboard.press('Escape');

    await wb.openPreset(PRESET);
    await expect(recover).toContainText(PRESET);
    await wb.screenshot('autosave-restore');
    await recover.getByRole('button', { name: 'Recover' }).click();
    await expectCatalogueTtl(wb, '7m');
    await expect(unsavedBadge(wb.page)).toBeVisible();
    // The restore is one undo step over the preset as shipped.
    await toolbarButton(wb.page, 'Undo').click();
    await expect(wb.ttlField('product', 'prod')).toHaveValue('5m');
    await toolbarButton(wb.page, 'Redo').click();

    // Start lists every design with unsaved autosaved changes; recovering another one asks first.
    await wb.showView('Start');
    const listed = wb.page.getByRole('list', { name: 'Unsaved changes' });
    await expect(listed.getByRole('listitem')).toHaveCount(2);
    await expect(listed.getByRole('listitem').first()).toContainText(OTHER_PRESET);
    await listed.getByRole('button', { name: `Recover ${OTHER_PRESET}` }).click();
    await prompt(wb.page).getByRole('button', { name: 'Discard' }).click();
    await expect(wb.page.getByRole('banner')).toContainText(OTHER_PRESET);
    await expect(unsavedBadge(wb.page)).toBeVisible();
    await wb.showYaml();
    await wb.findInYaml('# sessions edited');
    await wb.showView('Start');
    await expect(listed.getByRole('listitem')).toHaveCount(1);
  });

  test('refuses "-1.5" as a seed with a message instead of running with 15', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await wb.configureRun({ engine: 'Simulator', seed: '-1.5' });
    const seed = wb.runSettings().getByRole('textbox', { name: 'Seed', exact: true });
    await expect(seed).toHaveValue('-1.5');
    await expect(seed).toHaveAttribute('aria-invalid', 'true');
    await expect(wb.runSettings().getByRole('alert')).toHaveText(/^"-1\.5" is not a seed: write a whole number from 0 to 4294967295/);
    await wb.topButton('Run').click();
    await expect(wb.notifications()).toContainText('Fix the run settings first: "-1.5" is not a seed');
    await expect(wb.historyList().getByRole('listitem')).toHaveCount(0);
    await seed.fill('15');
    await expect(wb.runSettings().getByRole('alert')).toHaveCount(0);
  });

  test('the Run view does not keep the previous design\'s run after another design opens', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await wb.configureRun({ engine: 'Simulator', requests: '20000' });
    await wb.pressRun();
    await wb.waitForRunEnd('Done');
    await wb.showView('Start');
    await wb.openPreset(OTHER_PRESET);
    await wb.showView('Run');
    await expect(wb.runStatus()).toHaveText(/^No run yet/);
    await expect(wb.page.getByRole('heading', { name: 'Nothing has run yet' })).toBeVisible();
    // The run itself is still in the history.
    await expect(wb.historyList().getByRole('listitem')).toHaveCount(1);
  });
});
