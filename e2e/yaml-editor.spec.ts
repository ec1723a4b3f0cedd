/**
 * The YAML editor knows the design's schema, in Debian's chromium against browser mode:
 * completion of a namespace's fields, hover docs, a "did you mean" marker on a misspelt field
 * (the CLI's wording), go to line (Ctrl+G), the command palette (F1) and go to symbol.
 */
import { expect, test } from './fixtures';
import { PRESET, presetLine } from './flows';
import type { WorkbenchPage } from './workbench-page';

async function openYaml(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.showYaml();
}

test('typing in a namespace offers its fields from the schema', async ({ workbench: wb }) => {
  await openYaml(wb);
  // The first namespace (products) has no prewarm or readWrite yet: a new line under its dataClass.
  await wb.findInYaml('dataClass: product');
  await wb.page.keyboard.press('End');
  await wb.page.keyboard.press('Enter');
  await wb.page.keyboard.type('pre');
  const suggest = wb.page.locator('.editor-widget.suggest-widget');
  if (!(await suggest.isVisible())) await wb.page.keyboard.press('Control+Space');
  await expect(suggest).toBeVisible({ timeout: 15_000 });
  await expect(suggest.getByRole('option', { name: /prewarm/ })).toBeVisible();
  // Fields of another section are not offered here.
  await expect(suggest.getByRole('option', { name: /maxmemoryPolicy/ })).toHaveCount(0);
  await wb.page.keyboard.press('Enter');
  expect(await wb.visibleYaml()).toContain('prewarm');
});

test('hovering a field shows its documentation', async ({ workbench: wb }) => {
  await openYaml(wb);
  const field = wb.page.locator('.monaco-editor .view-line span', { hasText: /^pattern$/ }).first();
  await expect(field).toBeVisible();
  await field.hover();
  const hover = wb.page.locator('.monaco-editor .monaco-hover:not(.hidden)');
  await expect(hover).toContainText('key pattern; {name} is a placeholder', { timeout: 15_000 });
});

test('a misspelt field is marked on its line with "did you mean"', async ({ workbench: wb }) => {
  await openYaml(wb);
  const line = presetLine('cardinality: 10000');
  await wb.findInYaml('cardinality: 10000');
  await wb.page.keyboard.type('cardinalty: 10000');
  const problem = wb.problems().getByRole('button').first();
  await expect(problem).toContainText(`${line}:5`);
  await expect(problem).toContainText('unknown field "cardinalty" in namespaces[0] (did you mean cardinality?)');
  await expect(wb.problems().getByRole('button')).toHaveCount(1);
  await expect.poll(() => wb.errorMarkerLines(), { message: `an error squiggle on line ${line}` }).toEqual([line]);
  // The marker's hover carries the same message.
  await wb.page.locator('.monaco-editor .view-line span', { hasText: /^cardinalty$/ }).hover();
  await expect(wb.page.locator('.monaco-editor .monaco-hover:not(.hidden)')).toContainText('did you mean cardinality?');
});

test('go to line (Ctrl+G), the command palette (F1) and go to symbol (Ctrl+Shift+O) work in the editor', async ({ workbench: wb }) => {
  await openYaml(wb);
  const line = presetLine('dataClass: category');
  await wb.editorInput().focus();
  await wb.page.keyboard.press('Control+g');
  const quickInput = wb.page.locator('.quick-input-widget');
  await expect(quickInput).toBeVisible();
  await wb.page.keyboard.type(String(line));
  await wb.page.keyboard.press('Enter');
  await expect(quickInput).toBeHidden();
  await expect.poll(() => wb.caretLine(), { message: `the caret on line ${line}` }).toBe(line);

  await wb.page.keyboard.press('F1');
  await expect(quickInput).toBeVisible();
  await wb.page.keyboard.type('Go to Line');
  await expect(quickInput.getByRole('option', { name: /Go to Line/ }).first()).toBeVisible();
  await wb.page.keyboard.press('Escape');
  await expect(quickInput).toBeHidden();

  // Go to symbol (Ctrl+Shift+O): the design's sections, from the YAML language server.
  await wb.page.keyboard.press('Control+Shift+o');
  await expect(quickInput).toBeVisible();
  await wb.page.keyboard.type('ttlMatrix');
  await expect(quickInput.getByRole('option', { name: /ttlMatrix/ }).first()).toBeVisible({ timeout: 15_000 });
  await wb.page.keyboard.press('Enter');
  await expect.poll(() => wb.caretLine(), { message: 'the caret on the ttlMatrix line' }).toBe(presetLine('ttlMatrix:'));
});
