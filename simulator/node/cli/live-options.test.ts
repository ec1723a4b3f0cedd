import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startManagedCluster } from '../redis';
import { parseArgs, UsageError } from './args';
import { containerImageOf, liveOptionsOf } from './live-options';
import { RUN_FLAGS } from './run';
import { spawnKeyspace, waitFor, writeLongDesign } from './stop-test-support';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-live-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function options(argv: string[], env: NodeJS.ProcessEnv = { PW: 'secret' }) {
  return liveOptionsOf(parseArgs(['design.yaml', '--engine', 'live', ...argv], RUN_FLAGS), env);
}

describe('--speed', () => {
  it('reads a factor, auto or max (run/time-scale.ts resolves them), and refuses anything else with the forms that work', () => {
    expect(options(['--speed', '10x'])?.speed).toBe(10);
    expect(options(['--speed', '0.5'])?.speed).toBe(0.5);
    expect(options(['--speed', 'auto'])?.speed).toBe('auto');
    expect(options(['--speed', 'max'])?.speed).toBe('max');
    expect(options([])?.speed).toBeUndefined();
    expect(() => options(['--speed', '0x'])).toThrow(new UsageError('--speed 0x: use a factor like 1x, 10x, auto or max'));
  });
});

describe('--container --image', () => {
  const image = (argv: string[]) => containerImageOf(parseArgs(['design.yaml', '--engine', 'live', ...argv], RUN_FLAGS));
  it('takes any image reference (default redis:7), refuses a name that is not one and --image without --container', () => {
    expect(image(['--container'])).toBe('redis:7');
    for (const name of ['keyspace-test/redis:7', 'redis:7.2-alpine', 'registry.example.com:5000/team/redis:7', `redis@sha256:${'a'.repeat(64)}`]) {
      expect(image(['--container', '--image', name])).toBe(name);
    }
    for (const name of ['--privileged', 'Redis:7', 'redis:7 --rm', 'redis/', '../redis', '']) {
      expect(() => options(['--container', '--image', name])).toThrow(UsageError);
    }
    expect(() => options(['--managed', '--image', 'redis:7'])).toThrow(new UsageError('--image applies to --container'));
    expect(image([])).toBeUndefined();
  });
});

describe('--password-env', () => {
  it('hands the variable\'s name to the target for every URL form, host lists included, and leaves the URL alone', () => {
    for (const url of ['redis://dev:6379/3', 'cluster://10.0.0.1:7000,10.0.0.2:7000', 'redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster/2', 'unix:///run/redis.sock']) {
      const live = options(['--redis', url, '--password-env', 'PW']);
      expect(live?.target).toEqual({ url, allowNonEmpty: false, allowEvictionRisk: false, passwordEnv: 'PW' });
      // The target (URL and all) never carries the value; only the allow-list holds it.
      expect(JSON.stringify(live?.target)).not.toContain('secret');
    }
  });

  it('refuses an unset variable, a second password in the URL, and a URL that is not one, saying how to fix it', () => {
    expect(() => options(['--redis', 'cluster://a:1,b:2', '--password-env', 'NOPE'])).toThrow(new UsageError('--password-env NOPE: the variable is not set (export NOPE=… first)'));
    expect(() => options(['--redis', 'redis://:typed@dev:6379', '--password-env', 'PW'])).toThrow(/--password-env PW: the --redis URL already names a password; give it one way only/);
    expect(() => options(['--redis', 'cluster://a:1,b:2/3', '--password-env', 'PW'])).toThrow(/--redis: a cluster has only database 0; cluster:\/\/ takes no path/);
  });

  it('runs live on a password-protected managed cluster through cluster://, and keyspace cleanup with the same flags undoes a run killed there on every node', async () => {
    const cluster = await startManagedCluster({ shards: 3, requirepass: 'cluster-secret' });
    try {
      const env = { KEYSPACE_DATA_DIR: dir, KW_CLUSTER_PW: 'cluster-secret', KW_WRONG_PW: 'nope' };
      const run = spawnKeyspace(['run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--redis', cluster.url, '--password-env', 'KW_CLUSTER_PW', '--requests', '500', '--speed', 'max', '--ignore-targets'], env);
      const exit = await run.exited;
      expect(run.stderr()).toBe('');
      expect(exit.code).toBe(0);
      expect(run.stdout()).toMatch(/^requests\s+500$/m);
      const cleanup = spawnKeyspace(['cleanup', '--redis', cluster.url, '--password-env', 'KW_CLUSTER_PW'], env);
      expect((await cleanup.exited).code).toBe(0);
      expect(cleanup.stdout()).toMatch(/^nothing to clean on cluster 127\.0\.0\.1:\d+,/m);
      const wrong = spawnKeyspace(['cleanup', '--redis', cluster.url, '--password-env', 'KW_WRONG_PW'], env);
      expect((await wrong.exited).code).toBe(2);
      expect(wrong.stderr()).toMatch(/^keyspace cleanup: .*(password|WRONGPASS|auth)/im);

      // Killed mid-run: every node keeps the run's hz until cleanup puts the journaled original back.
      const nodes = cluster.nodes.map((node) => new Redis({ host: node.host, port: node.port, password: 'cluster-secret' }));
      try {
        const hzOf = async (): Promise<string[]> => Promise.all(nodes.map(async (node) => ((await node.config('GET', 'hz')) as string[])[1]));
        const original = await hzOf();
        const killed = spawnKeyspace(['run', writeLongDesign(dir), '--engine', 'live', '--redis', cluster.url, '--password-env', 'KW_CLUSTER_PW'], env);
        await waitFor('the cluster run to change hz and write keys', async () =>
          (await hzOf()).every((hz) => hz === '50') && (await Promise.all(nodes.map((node) => node.dbsize()))).reduce((a, b) => a + b) > 100);
        killed.child.kill('SIGKILL');
        await killed.exited;
        const undo = spawnKeyspace(['cleanup', '--redis', cluster.url, '--password-env', 'KW_CLUSTER_PW'], env);
        expect((await undo.exited).code).toBe(0);
        expect(undo.stdout()).toMatch(/^restored .*hz 10 and notify-keyspace-events "" left by run kw:live-\S+ \(pid \d+, no longer running\), deleted [\d,]+ leftover keys$/m);
        expect(await hzOf()).toEqual(original);
        expect((await Promise.all(nodes.map((node) => node.dbsize()))).reduce((a, b) => a + b)).toBe(0);
      } finally {
        for (const node of nodes) node.disconnect();
      }
    } finally {
      await cluster.stop();
    }
  }, 90_000);
});
