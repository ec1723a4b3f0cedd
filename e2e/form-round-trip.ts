/**
 * One form field's round trip with the YAML, as a person does it: the field edited in the form
 * shows in the YAML (a comment of the file kept), Ctrl+Z takes it back, an invalid value is
 * flagged at the field with the message `keyspace validate` prints for the same text, and a value
 * typed in the YAML editor shows in the form. Shared by the forms specs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { REPO_ROOT } from './support/paths';
import type { WorkbenchPage } from './workbench-page';

export const NOTIFICATIONS = 'Real-time notifications and critical alerts';
export const CATALOGUE_COMMENT = 'E-commerce API, cache-aside product catalogue';
export const NOTIFICATIONS_COMMENT = 'Real-time operations: citizen notifications';

export interface RoundTrip {
  section: string;
  preset: string;
  /** A field of the form, by its accessible name. */
  field: string;
  /** textbox (default), combobox (a text field with suggestions, e.g. a TTL), or select. */
  kind?: 'textbox' | 'combobox' | 'select';
  from: string;
  to: string;
  /** What the YAML shows after the form edit; with `from` for `to`, a line of the preset as written. */
  yamlAfterForm: string;
  /** A comment of the file that must still be there. */
  comment: string;
  /** Text selected in the YAML editor and what is typed over it. */
  yamlSelect: string;
  yamlType: string;
  /** What the form field shows after that. */
  formAfterYaml: string;
  /** A value the CLI refuses: typed into the field, it must be flagged there with the CLI's message. */
  invalid?: string;
}

export async function showSection(wb: WorkbenchPage, name: string): Promise<void> {
  if (name === 'YAML') {
    await wb.showYaml();
    return;
  }
  const tab = wb.page.getByRole('tablist', { name: 'Design sections' }).getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

export const field = (page: Page, name: string, kind: RoundTrip['kind'] = 'textbox'): Locator =>
  page.getByRole(kind === 'select' ? 'combobox' : kind, { name, exact: true });

/** Brings `text` into the editor's view and expects it on screen. */
export async function expectInYaml(wb: WorkbenchPage, text: string): Promise<void> {
  await wb.findInYaml(text);
  await expect.poll(() => wb.visibleYaml()).toContain(text);
}

/** Types `value` into a text field and commits it with Enter, or chooses it in a select. */
export async function enter(input: Locator, kind: RoundTrip['kind'], value: string): Promise<void> {
  if (kind === 'select') {
    await input.selectOption(value);
  } else {
    await input.fill(value);
    await input.press('Enter');
  }
  await expect(input).toHaveValue(value);
}

/** The text of a preset file, found by its `name:`. */
export function presetText(preset: string): string {
  const dir = join(REPO_ROOT, 'presets');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (text.split('\n').some((line) => line === `name: ${preset}`)) return text;
  }
  throw new Error(`no preset is named ${JSON.stringify(preset)}`);
}

/**
 * The messages `keyspace validate` prints for each design text (`file:line:col path: message`), from
 * one CLI run over all of them (a CLI start costs seconds on a loaded machine). Each must be refused.
 */
export function cliMessages(texts: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'kw-e2e-cli-'));
  try {
    const files = texts.map((text, index) => {
      const file = join(dir, `design-${index}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'keyspace.mjs'), 'validate', ...files], { encoding: 'utf8', cwd: REPO_ROOT });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, `keyspace validate refuses the designs:\n${output}`).not.toBe(0);
    return files.map((file) => {
      const lines = output.split('\n').filter((line) => line.startsWith(`${file}:`));
      expect(lines.filter((line) => line.startsWith(`${file}: ok`)), `keyspace validate refuses ${file}:\n${output}`).toEqual([]);
      return lines.flatMap((line) => {
        const match = /^\S+:\d+:\d+ \S*: (.*)$/.exec(line);
        return match ? [match[1]] : [];
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The design a case's invalid value makes: the preset with the edited line holding that value. */
function invalidDesign(c: RoundTrip & { invalid: string }): string {
  const written = c.yamlAfterForm.replace(c.to, c.from);
  const preset = presetText(c.preset);
  expect(preset, 'the edited line is in the preset as written').toContain(written);
  return preset.replace(written, c.yamlAfterForm.replace(c.to, c.invalid));
}

const expectedMessages = new Map<RoundTrip, string[]>();

/** Asks the CLI once, for every case with an invalid value, what it says (call in beforeAll). */
export function askCliAbout(cases: RoundTrip[]): void {
  const invalid = cases.filter((c): c is RoundTrip & { invalid: string } => c.invalid !== undefined && !expectedMessages.has(c));
  if (invalid.length === 0) return;
  cliMessages(invalid.map(invalidDesign)).forEach((messages, index) => expectedMessages.set(invalid[index], messages));
}

/** The message shown for a field (the element its aria-describedby names). */
export async function fieldMessage(input: Locator): Promise<string> {
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const id = await input.getAttribute('aria-describedby');
  expect(id, 'the invalid field names its message').toBeTruthy();
  return (await input.page().locator(`[id="${id}"]`).textContent()) ?? '';
}

export async function roundTrip(wb: WorkbenchPage, c: RoundTrip): Promise<void> {
  await wb.openPreset(c.preset);
  await showSection(wb, c.section);
  const input = field(wb.page, c.field, c.kind);
  await expect(input).toHaveValue(c.from);

  // Form → YAML, with the file's comments kept.
  await enter(input, c.kind, c.to);
  await wb.showYaml();
  await expectInYaml(wb, c.yamlAfterForm);
  await expectInYaml(wb, c.comment);

  // Ctrl+Z takes the form edit back in one step.
  await showSection(wb, c.section);
  await field(wb.page, c.field, c.kind).focus();
  await wb.page.keyboard.press('Control+z');
  await expect(field(wb.page, c.field, c.kind)).toHaveValue(c.from);

  // An invalid value: flagged at the field with what the CLI says of the same text; undone.
  if (c.invalid !== undefined) {
    askCliAbout([c]);
    const expected = expectedMessages.get(c);
    const invalid = field(wb.page, c.field, c.kind);
    await enter(invalid, c.kind, c.invalid);
    expect(expected).toContain(await fieldMessage(invalid));
    await invalid.focus();
    await wb.page.keyboard.press('Control+z');
    await expect(invalid).toHaveValue(c.from);
    await expect(invalid).toHaveAttribute('aria-invalid', 'false');
  }

  // YAML → form.
  await wb.showYaml();
  await wb.findInYaml(c.yamlSelect);
  await wb.page.keyboard.type(c.yamlType);
  await expect.poll(() => wb.visibleYaml()).toContain(c.yamlType);
  await showSection(wb, c.section);
  await expect(field(wb.page, c.field, c.kind)).toHaveValue(c.formAfterYaml);
}
