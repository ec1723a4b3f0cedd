/**
 * The forms of traffic, targets, failures and delivery, in Debian's chromium against browser mode:
 * each field's round trip with the YAML (see form-round-trip.ts), and their structural edits.
 * The older sections' forms are in forms-sections.spec.ts.
 */
import { expect, test } from './fixtures';
import { CATALOGUE_COMMENT, expectInYaml, field, NOTIFICATIONS, NOTIFICATIONS_COMMENT, roundTrip, showSection, askCliAbout } from './form-round-trip';
import type { RoundTrip } from './form-round-trip';
import { PRESET } from './flows';

const CASES: RoundTrip[] = [
  {
    section: 'Targets', preset: PRESET, field: 'Target 2', from: 'p95<=60ms', to: 'p95<=55ms', yamlAfterForm: '  - p95<=55ms',
    comment: CATALOGUE_COMMENT, yamlSelect: 'p95<=60ms', yamlType: 'p99<=90ms', formAfterYaml: 'p99<=90ms', invalid: 'p95<<60ms',
  },
  {
    section: 'Traffic', preset: PRESET, field: 'Rate of phase 2', from: '1000/s', to: '1200/s',
    yamlAfterForm: '- { name: peak, shape: steady, rate: 1200/s, duration: 10m }',
    comment: CATALOGUE_COMMENT, yamlSelect: 'rate: 1000/s, duration: 10m', yamlType: 'rate: 900/s, duration: 10m', formAfterYaml: '900/s', invalid: '1000 per second',
  },
  {
    section: 'Traffic', preset: PRESET, field: 'Weight of operation 4', from: '24', to: '30',
    yamlAfterForm: '- { namespace: categories, op: read, weight: 30 }',
    comment: CATALOGUE_COMMENT, yamlSelect: 'weight: 24', yamlType: 'weight: 20', formAfterYaml: '20', invalid: '-1',
  },
  {
    section: 'Failures', preset: NOTIFICATIONS, field: 'At of failure 2', from: '80.5s', to: '90s',
    yamlAfterForm: '- { kind: reconnect-storm, at: 90s, share: 50% }',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'at: 80.5s', yamlType: 'at: 85s', formAfterYaml: '85s', invalid: '80 seconds',
  },
  {
    section: 'Delivery & clients', preset: NOTIFICATIONS, field: 'ACK interval of class 2', from: '1s', to: '2s',
    yamlAfterForm: '- { name: critical, delivery: streams, ackInterval: 2s }',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'ackInterval: 1s', yamlType: 'ackInterval: 3s', formAfterYaml: '3s', invalid: '1 sec',
  },
  {
    section: 'Delivery & clients', preset: NOTIFICATIONS, field: 'Name of audience 2', from: 'operators', to: 'staff',
    yamlAfterForm: '- { name: staff, share: 2%, follows: [{ channels: alerts, per: all }] }',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'name: operators', yamlType: 'name: dispatch', formAfterYaml: 'dispatch', invalid: 'Ops Team',
  },
  {
    section: 'Delivery & clients', preset: NOTIFICATIONS, field: 'Slow client speed', from: '2/s', to: '1/s',
    yamlAfterForm: 'slow: { share: 2%, speed: 1/s }',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'speed: 2/s', yamlType: 'speed: 4/s', formAfterYaml: '4/s', invalid: '0/s',
  },
  {
    section: 'Delivery & clients', preset: NOTIFICATIONS, field: 'Reconnect max', from: '5s', to: '8s',
    yamlAfterForm: 'reconnect: { base: 100ms, max: 8s, jitter: 50% }',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'max: 5s', yamlType: 'max: 6s', formAfterYaml: '6s', invalid: '5 s',
  },
];

test.describe('forms of every design section', () => {
  // What the CLI says of every case's invalid value: one `keyspace validate` run for the file.
  test.beforeAll(() => askCliAbout(CASES));

  for (const c of CASES) {
    test(`${c.section}: "${c.field}" round-trips with the YAML, undoes and shows the CLI's message`, async ({ workbench: wb }) => {
      await roundTrip(wb, c);
    });
  }

  test('Targets: a target the CLI cannot parse is flagged at its field', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await showSection(wb, 'Targets');
    const input = field(wb.page, 'Target 2');
    await input.fill('p95<<60ms');
    await input.press('Enter');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(wb.page.locator('.field-error').first()).toBeVisible();
    await wb.page.getByRole('button', { name: 'Add target' }).click();
    await expect(field(wb.page, 'Target 4')).toHaveValue('hitRatio>=0.7');
  });

  test('Traffic: switching a phase to a spike rewrites it with the spike\'s fields', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await showSection(wb, 'Traffic');
    await wb.page.getByRole('combobox', { name: 'Shape of phase 2', exact: true }).selectOption('spike');
    await expect(field(wb.page, 'Peak of phase 2')).toHaveValue('1000/s');
    await wb.screenshot('design-traffic-form');
    await expect(field(wb.page, 'Rate of phase 2')).toHaveValue('1000/s');
    await wb.showYaml();
    await expectInYaml(wb, '- { name: peak, shape: spike, rate: 1000/s, peak: 1000/s, duration: 10m, at: 50%, width: 10% }');
    await wb.page.keyboard.press('Control+z');
    await showSection(wb, 'Traffic');
    await expect(field(wb.page, 'Peak of phase 2')).toHaveCount(0);

    // A field no form input shows (here an unknown one typed in the YAML) is reported in its row.
    await wb.showYaml();
    await wb.findInYaml('duration: 10m }');
    await wb.page.keyboard.type('duration: 10m, burst: 2 }');
    await showSection(wb, 'Traffic');
    await expect(wb.page.getByRole('row').filter({ has: field(wb.page, 'Name of phase 2') })).toContainText('unknown field "burst" in traffic.phases[1]');
    await wb.showYaml();
    await wb.findInYaml('weight: 0.02 }');
    await wb.page.keyboard.type('weight: 0.02, extra: 1 }');
    await showSection(wb, 'Traffic');
    await expect(wb.page.getByRole('row').filter({ has: field(wb.page, 'Weight of operation 2') })).toContainText('unknown field "extra" in traffic.operations[1]');
  });

  test('Failures and audiences: add, switch kind, and the audience share check', async ({ workbench: wb }) => {
    await wb.openPreset(NOTIFICATIONS);
    await showSection(wb, 'Failures');
    await wb.page.getByRole('button', { name: 'Add failure' }).click();
    await expect(field(wb.page, 'Worker of failure 3')).toHaveValue('0');
    await wb.page.getByRole('combobox', { name: 'Kind of failure 3', exact: true }).selectOption('shard-failover');
    await expect(field(wb.page, 'Shard of failure 3')).toHaveValue('0');
    await expect(field(wb.page, 'Duration of failure 3')).toHaveValue('5s');
    await wb.screenshot('design-failures-form');
    // An optional field of a kind is an empty box (its default as placeholder) until it is set.
    await wb.page.getByRole('combobox', { name: 'Kind of failure 3', exact: true }).selectOption('subscriber-disconnect');
    const worker = field(wb.page, 'Worker of failure 3');
    await expect(worker).toHaveValue('');
    await expect(worker).toHaveAttribute('placeholder', 'every worker');
    await worker.fill('2');
    await worker.press('Enter');
    await wb.showYaml();
    await expectInYaml(wb, '- { kind: subscriber-disconnect, at: 30s, shard: 0, duration: 5s, silent: false, worker: 2 }');
    await showSection(wb, 'Failures');
    await showSection(wb, 'Delivery & clients');
    const share = field(wb.page, 'Share of audience 2');
    await share.fill('3%');
    await share.press('Enter');
    await expect(wb.page.locator('.design-section .field-error')).toContainText('audience shares add up to 101%');
    await wb.screenshot('design-delivery-form');

    await wb.page.getByRole('button', { name: 'Remove slow clients' }).click();
    await expect(field(wb.page, 'Slow client speed')).toHaveCount(0);
    await wb.page.keyboard.press('Control+z');
    await expect(field(wb.page, 'Slow client speed')).toHaveValue('2/s');
  });
});
