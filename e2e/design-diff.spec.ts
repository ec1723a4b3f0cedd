/**
 * The design diff view (Compare › Design diff): a preset saved to a file, two fields changed in the
 * forms (maxmemory and a TTL), the diff against the saved file lists both with before → after;
 * "Run both" runs the two designs on one seed and a small budget and shows the signed deltas, which
 * the two runs' kept designs, picked from the history, show again. Axe-clean.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { PRESET } from './flows';

test('a design diff lists what changed against the saved file, and how the metrics moved', async ({ workbench: wb }) => {
  const page = wb.page;
  await wb.openPreset(PRESET);
  await wb.topButton('Save').click();
  const dialog = page.getByRole('dialog', { name: 'Save design as' });
  await dialog.getByLabel('File path').fill('catalog.yaml');
  await dialog.getByRole('button', { name: 'Save as', exact: true }).click();
  await expect(dialog).toBeHidden();
  // The "Saved" toast goes first (it would cover the form's lower fields).
  await wb.notifications().getByRole('button', { name: 'Dismiss notification' }).click();
  await expect(wb.notifications().getByRole('listitem')).toHaveCount(0);

  await wb.showSection('Server');
  const maxmemory = page.getByRole('textbox', { name: 'maxmemory', exact: true });
  await maxmemory.fill('2mb');
  await maxmemory.press('Enter');
  await expect(maxmemory).toHaveValue('2mb');
  await wb.setTtl('product', 'prod', '30s');

  await wb.showView('Compare');
  await page.getByRole('tablist', { name: 'Compare' }).getByRole('tab', { name: 'Design diff' }).click();
  const first = page.getByRole('group', { name: 'First design (before)' }).getByRole('combobox', { name: 'Design' });
  await expect(first.locator('option:checked')).toHaveText(/^Its saved file \(.*catalog\.yaml\)$/);
  await expect(page.getByText(/^2 changes from/)).toBeVisible();

  const server = page.getByRole('table', { name: 'Changes: server' });
  await expect(server.getByRole('row')).toHaveCount(2);
  await expect(server.getByRole('row').nth(1)).toHaveText(/memory limit \(maxmemory\).*changed\s*256mb\s*2mb/);
  const ttl = page.getByRole('table', { name: 'Changes: data class product' });
  await expect(ttl.getByRole('row').nth(1)).toHaveText(/TTL of data class product in prod.*changed\s*5m\s*30s/);
  await expect(page.getByRole('table', { name: 'Metric deltas' })).toHaveCount(0);

  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(violations.filter((v) => v.impact !== 'minor').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), scheme).toEqual([]);
  }

  await page.getByRole('textbox', { name: 'Requests' }).fill('20000');
  await page.getByRole('button', { name: 'Run both designs' }).click();
  const deltas = page.getByRole('table', { name: 'Metric deltas' });
  await expect(deltas).toBeVisible({ timeout: 60_000 });
  const row = (metric: string) => deltas.getByRole('row').filter({ has: page.getByRole('rowheader', { name: metric, exact: true }) });
  await expect(row('hit ratio').getByRole('cell').last()).toHaveText(/^-\d+\.\d\d pt \(worse\)$/);
  await expect(row('used memory').getByRole('cell').last()).toHaveText(/^[-+]\d+\.\d% \((better|worse)\)$|^= $/);
  await expect(row('targets met')).toHaveText(/targets met\s*\d+ of \d+\s*\d+ of \d+/);
  const hitChange = await row('hit ratio').getByRole('cell').last().textContent();
  // The tab, the choices and the pair outlive a visit to another view.
  await wb.showView('Design');
  await wb.showView('Compare');
  await expect(row('hit ratio').getByRole('cell').last()).toHaveText(hitChange ?? '');

  // The two runs' own designs, picked from the history, give the same changes and deltas.
  const second = page.getByRole('group', { name: 'Second design (after)' }).getByRole('combobox', { name: 'Design' });
  for (const [picker, which] of [[first, 'A'], [second, 'B']] as const) {
    const label = await picker.locator('option', { hasText: `Run: diff ${which}: ` }).textContent();
    await picker.selectOption({ label: label ?? '' });
  }
  await expect(page.getByText(/^2 changes from run diff A: .* to run diff B: /)).toBeVisible();
  await expect(row('hit ratio').getByRole('cell').last()).toHaveText(hitChange ?? '');
  await page.getByText('As keyspace diff prints it').click();
  await expect(page.locator('.diff-text pre')).toContainText('Key metrics (first design → second):');
  await wb.screenshot('design-diff');
});
