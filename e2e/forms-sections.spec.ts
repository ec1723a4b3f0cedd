/**
 * The forms of the design's other sections — the design's name and environments, namespaces, the
 * TTL matrix grid, invalidation rules, channels and topology (with its costs), server, origin and
 * client, traffic's seed — each field's round trip with the YAML (see form-round-trip.ts), in
 * Debian's chromium against browser mode. Plus the bugs found on the way.
 */
import { expect, test } from './fixtures';
import { CATALOGUE_COMMENT, enter, expectInYaml, field, NOTIFICATIONS, NOTIFICATIONS_COMMENT, roundTrip, showSection, askCliAbout } from './form-round-trip';
import type { RoundTrip } from './form-round-trip';
import { PRESET } from './flows';

const HOT = 'Hot channel on one shard';
const HOT_COMMENT = '# about what a busy Redis spends per PUBLISH and per subscriber write';
const BACKPRESSURE = 'Slow consumers isolated by per-client backpressure';
const BACKPRESSURE_COMMENT = 'The slow-consumer storm with per-client backpressure';

const CASES: RoundTrip[] = [
  {
    section: 'Namespaces', preset: PRESET, field: 'Design name', from: 'E-commerce catalogue (cache-aside)', to: 'Catalogue v2',
    yamlAfterForm: 'name: Catalogue v2', comment: CATALOGUE_COMMENT,
    yamlSelect: 'name: E-commerce catalogue (cache-aside)', yamlType: 'name: Shop catalogue', formAfterYaml: 'Shop catalogue',
  },
  {
    section: 'Namespaces', preset: PRESET, field: 'Cardinality for categories', from: '300', to: '250', yamlAfterForm: '    cardinality: 250',
    comment: CATALOGUE_COMMENT, yamlSelect: 'cardinality: 300', yamlType: 'cardinality: 320', formAfterYaml: '320', invalid: '0',
  },
  {
    section: 'Namespaces', preset: PRESET, field: 'Zipf alpha for categories', from: '0.8', to: '0.9', yamlAfterForm: 'skew: { dist: zipf, alpha: 0.9 }',
    comment: CATALOGUE_COMMENT, yamlSelect: 'alpha: 0.8', yamlType: 'alpha: 0.7', formAfterYaml: '0.7', invalid: '9',
  },
  {
    section: 'Namespaces', preset: PRESET, field: 'Value size p99 for products', from: '16kb', to: '32kb',
    yamlAfterForm: 'valueSize: { dist: lognormal, p50: 2kb, p99: 32kb }',
    comment: CATALOGUE_COMMENT, yamlSelect: 'p99: 16kb', yamlType: 'p99: 20kb', formAfterYaml: '20kb', invalid: '16 kilobytes',
  },
  {
    section: 'Namespaces', preset: PRESET, field: 'Value size distribution for products', kind: 'select', from: 'lognormal', to: 'one value',
    yamlAfterForm: '    valueSize: 2kb', comment: CATALOGUE_COMMENT,
    yamlSelect: 'dist: lognormal, p50: 2kb, p99: 16kb', yamlType: 'dist: exponential, mean: 2kb', formAfterYaml: 'exponential',
  },
  {
    section: 'Server', preset: PRESET, field: 'Origin latency distribution', kind: 'select', from: 'lognormal', to: 'normal',
    yamlAfterForm: 'latency: { dist: normal, mean: 90ms, stddev: 90ms }', comment: CATALOGUE_COMMENT,
    yamlSelect: 'dist: lognormal, p50: 90ms, p99: 210ms', yamlType: 'dist: uniform, min: 50ms, max: 150ms', formAfterYaml: 'uniform',
  },
  {
    section: 'Namespaces', preset: PRESET, field: 'Skew for categories', kind: 'select', from: 'zipf', to: 'hotspot',
    yamlAfterForm: 'skew: { dist: hotspot, hotKeys: 1%, hotRequests: 90% }', comment: CATALOGUE_COMMENT,
    yamlSelect: 'dist: zipf, alpha: 0.8', yamlType: 'dist: uniform', formAfterYaml: 'uniform',
  },
  {
    section: 'Namespaces', preset: PRESET, field: 'Description of clients', from: 'customer accounts; personal data, never cached', to: 'client accounts (PII)',
    yamlAfterForm: '    description: client accounts (PII)', comment: CATALOGUE_COMMENT,
    yamlSelect: 'customer accounts; personal data, never cached', yamlType: 'customer records', formAfterYaml: 'customer records',
  },
  {
    section: 'TTL matrix', preset: PRESET, field: 'Default environment', kind: 'select', from: 'prod', to: 'staging',
    yamlAfterForm: 'defaultEnvironment: staging', comment: CATALOGUE_COMMENT,
    yamlSelect: 'defaultEnvironment: prod', yamlType: 'defaultEnvironment: dev', formAfterYaml: 'dev',
  },
  {
    section: 'TTL matrix', preset: PRESET, field: 'TTL for category in staging', kind: 'combobox', from: '30m', to: '45m',
    yamlAfterForm: 'staging: { ttl: 45m, jitter: 10% }', comment: CATALOGUE_COMMENT,
    yamlSelect: 'ttl: 30m', yamlType: 'ttl: 20m', formAfterYaml: '20m', invalid: '30 min',
  },
  {
    section: 'TTL matrix', preset: PRESET, field: 'Jitter for category in prod', from: '10%', to: '20%', yamlAfterForm: 'prod: { ttl: 1h, jitter: 20% }',
    comment: CATALOGUE_COMMENT, yamlSelect: 'ttl: 1h, jitter: 10%', yamlType: 'ttl: 1h, jitter: 5%', formAfterYaml: '5%', invalid: '150%',
  },
  {
    section: 'TTL matrix', preset: PRESET, field: 'Environments (comma-separated)', from: 'dev, staging, prod', to: 'dev, staging, prod, qa',
    yamlAfterForm: 'environments: [dev, staging, prod, qa]', comment: CATALOGUE_COMMENT,
    yamlSelect: 'environments: [dev, staging, prod]', yamlType: 'environments: [dev, prod]', formAfterYaml: 'dev, prod', invalid: 'dev, staging, Prod!',
  },
  {
    section: 'Invalidation', preset: PRESET, field: 'Target pattern of rule 2', from: 'products:list:*', to: 'products:list:page*',
    yamlAfterForm: '    target: "products:list:page*"', comment: CATALOGUE_COMMENT,
    yamlSelect: 'target: "products:list:*"', yamlType: 'target: "products:*"', formAfterYaml: 'products:*', invalid: 'orders:list:*',
  },
  {
    section: 'Invalidation', preset: PRESET, field: 'Action of rule 2', kind: 'select', from: 'delete-pattern', to: 'write-behind',
    yamlAfterForm: '    action: write-behind', comment: CATALOGUE_COMMENT,
    yamlSelect: 'action: delete-pattern', yamlType: 'action: write-through', formAfterYaml: 'write-through',
  },
  {
    section: 'Traffic', preset: PRESET, field: 'Seed', from: '1', to: '7', yamlAfterForm: '  seed: 7',
    comment: CATALOGUE_COMMENT, yamlSelect: 'seed: 1', yamlType: 'seed: 3', formAfterYaml: '3', invalid: '-1',
  },
  {
    section: 'Server', preset: PRESET, field: 'maxmemory', from: '256mb', to: '512mb', yamlAfterForm: '  maxmemory: 512mb',
    comment: CATALOGUE_COMMENT, yamlSelect: 'maxmemory: 256mb', yamlType: 'maxmemory: 128mb', formAfterYaml: '128mb', invalid: '256 MB',
  },
  {
    section: 'Server', preset: PRESET, field: 'maxmemory-policy', kind: 'select', from: 'allkeys-lru', to: 'allkeys-lfu',
    yamlAfterForm: '  maxmemoryPolicy: allkeys-lfu', comment: CATALOGUE_COMMENT,
    yamlSelect: 'maxmemoryPolicy: allkeys-lru', yamlType: 'maxmemoryPolicy: volatile-ttl', formAfterYaml: 'volatile-ttl',
  },
  {
    section: 'Server', preset: PRESET, field: 'Origin latency p99', from: '210ms', to: '250ms', yamlAfterForm: 'latency: { dist: lognormal, p50: 90ms, p99: 250ms }',
    comment: CATALOGUE_COMMENT, yamlSelect: 'p99: 210ms', yamlType: 'p99: 230ms', formAfterYaml: '230ms', invalid: 'slow',
  },
  {
    section: 'Server', preset: PRESET, field: 'Origin max concurrency', from: '200', to: '300', yamlAfterForm: '  maxConcurrency: 300',
    comment: CATALOGUE_COMMENT, yamlSelect: 'maxConcurrency: 200', yamlType: 'maxConcurrency: 150', formAfterYaml: '150', invalid: '0',
  },
  {
    section: 'Server', preset: PRESET, field: 'Round trip to Redis', from: '300us', to: '500us', yamlAfterForm: '  rtt: 500us',
    comment: CATALOGUE_COMMENT, yamlSelect: 'rtt: 300us', yamlType: 'rtt: 1ms', formAfterYaml: '1ms', invalid: '300 us',
  },
  {
    section: 'Channels & shards', preset: NOTIFICATIONS, field: 'Publish rate for alerts', from: '2/s', to: '3/s', yamlAfterForm: '      publishRate: 3/s',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'publishRate: 2/s', yamlType: 'publishRate: 4/s', formAfterYaml: '4/s', invalid: '2 per second',
  },
  {
    section: 'Channels & shards', preset: NOTIFICATIONS, field: 'Payload for citizens', from: '256b', to: '512b', yamlAfterForm: '      payload: 512b',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'payload: 256b', yamlType: 'payload: 128b', formAfterYaml: '128b', invalid: '256 bytes',
  },
  {
    section: 'Channels & shards', preset: NOTIFICATIONS, field: 'Clients', from: '20000', to: '25000', yamlAfterForm: '    total: 25000',
    comment: NOTIFICATIONS_COMMENT, yamlSelect: 'total: 20000', yamlType: 'total: 30000', formAfterYaml: '30000', invalid: '0',
  },
  {
    section: 'Channels & shards', preset: NOTIFICATIONS, field: 'Topology', kind: 'select', from: 'cluster', to: 'sentinel',
    yamlAfterForm: 'topology: { mode: sentinel, shards: 3, publish: sharded }', comment: NOTIFICATIONS_COMMENT,
    yamlSelect: 'mode: cluster', yamlType: 'mode: standalone', formAfterYaml: 'standalone',
  },
  {
    section: 'Channels & shards', preset: HOT, field: 'Redis CPU per message', from: '10us', to: '12us',
    yamlAfterForm: 'serviceTime: { perMessage: 12us, perSubscriber: 2us }', comment: HOT_COMMENT,
    yamlSelect: 'perMessage: 10us', yamlType: 'perMessage: 8us', formAfterYaml: '8us', invalid: '10 us',
  },
  {
    section: 'Channels & shards', preset: HOT, field: 'Worker CPU per send', from: '2us', to: '3us',
    yamlAfterForm: 'workers: { count: 4, placement: sticky, loopCost: 10us, sendCost: 3us }', comment: HOT_COMMENT,
    yamlSelect: 'sendCost: 2us', yamlType: 'sendCost: 1us', formAfterYaml: '1us', invalid: 'fast',
  },
  {
    section: 'Channels & shards', preset: BACKPRESSURE, field: 'Output buffer soft limit', from: '8mb', to: '4mb',
    yamlAfterForm: 'outputBufferLimit: { hard: 32mb, soft: 4mb, softFor: 60s }', comment: BACKPRESSURE_COMMENT,
    yamlSelect: 'soft: 8mb', yamlType: 'soft: 16mb', formAfterYaml: '16mb', invalid: '8 MB',
  },
  {
    section: 'Channels & shards', preset: BACKPRESSURE, field: 'Arrivals for market', kind: 'select', from: 'even', to: 'poisson',
    yamlAfterForm: 'payload: 4kb, arrivals: poisson }', comment: BACKPRESSURE_COMMENT,
    yamlSelect: 'arrivals: even', yamlType: 'arrivals: poisson', formAfterYaml: 'poisson',
  },
];

test.describe('forms of the other design sections', () => {
  // What the CLI says of every case's invalid value: one `keyspace validate` run for the file.
  test.beforeAll(() => askCliAbout(CASES));

  for (const c of CASES) {
    test(`${c.section}: "${c.field}" round-trips with the YAML, undoes and shows the CLI's message`, async ({ workbench: wb }) => {
      await roundTrip(wb, c);
    });
  }

  test('Design: a one-word edit of the folded description keeps the block and the author\'s line breaks', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await showSection(wb, 'Namespaces');
    const description = field(wb.page, 'Design description');
    const before = await description.inputValue();
    expect(before).toContain('cached for 5 minutes, categories');
    await enter(description, 'textbox', before.replace('cached for 5 minutes', 'cached for 10 minutes'));
    await wb.showYaml();
    await expectInYaml(wb, 'description: >-');
    await expectInYaml(wb, '  A product API behind Redis used cache-aside: product pages are cached for 10 minutes, categories');
    await expectInYaml(wb, '  for an hour and paginated product lists for 5 minutes. A product write goes to the database,');
    await expectInYaml(wb, '  in about 90 ms at the median and 210 ms at p99 (a lognormal), which is what users see on a miss.');
  });

  test('Namespaces: prewarm is a checkbox written into the namespace, and undone', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await showSection(wb, 'Namespaces');
    const prewarm = wb.page.getByRole('checkbox', { name: 'Prewarm categories', exact: true });
    await expect(prewarm).not.toBeChecked();
    await prewarm.check();
    await wb.showYaml();
    await expectInYaml(wb, '    prewarm: true');
    await showSection(wb, 'Namespaces');
    await wb.page.keyboard.press('Control+z');
    await expect(wb.page.getByRole('checkbox', { name: 'Prewarm categories', exact: true })).not.toBeChecked();
  });

  test('Channels & shards: a cost the design leaves out shows its default and is added where it belongs', async ({ workbench: wb }) => {
    await wb.openPreset(NOTIFICATIONS);
    await showSection(wb, 'Channels & shards');
    const busLatency = field(wb.page, 'Cluster bus latency');
    await expect(busLatency).toHaveValue('');
    await expect(busLatency).toHaveAttribute('placeholder', '200us');
    await enter(busLatency, 'textbox', '300us');
    await wb.screenshot('design-topology-costs');
    await wb.showYaml();
    await expectInYaml(wb, 'topology: { mode: cluster, shards: 3, publish: sharded, busLatency: 300us }');
  });

  test('TTL matrix: an unused data class can be removed, and Ctrl+Z brings it back', async ({ workbench: wb }) => {
    await wb.openPreset(PRESET);
    await showSection(wb, 'TTL matrix');
    await expect(wb.page.getByRole('button', { name: 'Remove data class category' })).toHaveCount(0);
    await wb.page.getByRole('textbox', { name: 'New data class' }).fill('session');
    await wb.page.getByRole('button', { name: 'Add data class' }).click();
    await expect(wb.ttlField('session', 'prod')).toHaveValue('5m');
    await wb.page.getByRole('button', { name: 'Remove data class session' }).click();
    await expect(wb.ttlField('session', 'prod')).toHaveCount(0);
    await wb.page.keyboard.press('Control+z');
    await expect(wb.ttlField('session', 'prod')).toHaveValue('5m');
    await wb.showYaml();
    await expectInYaml(wb, '  session:');
  });

  test('Channels & shards: the pub/sub section can be removed, and Ctrl+Z brings it back', async ({ workbench: wb }) => {
    await wb.openPreset(NOTIFICATIONS);
    await showSection(wb, 'Channels & shards');
    await wb.page.getByRole('button', { name: 'Remove pub/sub section' }).click();
    await expect(wb.page.getByText('No pub/sub in this design')).toBeVisible();
    await wb.showYaml();
    await expectInYaml(wb, '  - classes.critical.lost==0    # critical alerts go through Streams: nothing lost');
    await showSection(wb, 'Channels & shards');
    await wb.page.getByRole('button', { name: 'Add pub/sub section' }).focus();
    await wb.page.keyboard.press('Control+z');
    await expect(field(wb.page, 'Publish rate for alerts')).toHaveValue('2/s');
  });

  test('a cleared field drops its key (no empty string the CLI refuses), so its default applies again', async ({ workbench: wb }) => {
    await wb.openPreset(NOTIFICATIONS);
    await showSection(wb, 'Delivery & clients');
    const max = field(wb.page, 'Reconnect max');
    await enter(max, 'textbox', '');
    await expect(max).toHaveAttribute('placeholder', '10s');
    await expect(max).toHaveAttribute('aria-invalid', 'false');
    await wb.showYaml();
    await expectInYaml(wb, 'reconnect: { base: 100ms, jitter: 50% }');
    await showSection(wb, 'Delivery & clients');
    await field(wb.page, 'Reconnect max').focus();
    await wb.page.keyboard.press('Control+z');
    await expect(field(wb.page, 'Reconnect max')).toHaveValue('5s');
  });
});
