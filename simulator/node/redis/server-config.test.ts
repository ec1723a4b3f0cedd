import { describe, expect, it } from 'vitest';
import { buildServerArgs, persistenceArgs, writeConfigFile, type PersistencePlan } from './server-config';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const after = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};

describe('persistenceArgs', () => {
  it('maps each persistence mode to save / appendonly / appendfsync / aof-use-rdb-preamble', () => {
    const of = (mode: PersistencePlan['mode']): string[] => persistenceArgs({ mode, rdbEverySec: 60 });
    expect(persistenceArgs(undefined)).toEqual(['--save', '', '--appendonly', 'no']);
    expect(of('none')).toEqual(['--save', '', '--appendonly', 'no']);
    expect(of('rdb')).toEqual(['--save', '60 1', '--appendonly', 'no']);
    expect(of('aof-everysec')).toEqual(['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--aof-use-rdb-preamble', 'no']);
    expect(of('aof-always')).toEqual(['--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--aof-use-rdb-preamble', 'no']);
    expect(of('hybrid')).toEqual(['--save', '60 1', '--appendonly', 'yes', '--appendfsync', 'everysec', '--aof-use-rdb-preamble', 'yes']);
    expect(persistenceArgs({ mode: 'rdb', rdbEverySec: 0.2 })).toContain('1 1');
  });

  it('puts persistence and replicaof on the command line, and the sentinel settings in the config file', async () => {
    const args = buildServerArgs({ dir: '/tmp/x', port: 7000, persistence: { mode: 'rdb', rdbEverySec: 5 }, replicaOf: { host: '127.0.0.1', port: 7001 } }, {});
    expect(after(args, 'save')).toBe('5 1');
    expect(args.slice(args.indexOf('--replicaof'), args.indexOf('--replicaof') + 3)).toEqual(['--replicaof', '127.0.0.1', '7001']);
    const dir = mkdtempSync(join(tmpdir(), 'kw-conf-test-'));
    try {
      const file = await writeConfigFile(dir, { sentinel: { masterName: 'm', host: '127.0.0.1', port: 7000, quorum: 2, downAfterMs: 1500, failoverTimeoutMs: 4000 } });
      expect(readFileSync(file as string, 'utf8').split('\n')).toEqual([
        'sentinel monitor "m" 127.0.0.1 7000 2', 'sentinel down-after-milliseconds "m" 1500', 'sentinel failover-timeout "m" 4000', '',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
