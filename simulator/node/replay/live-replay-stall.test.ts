import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIVE_DEADLINES, managedServerPids, RedisTargetError } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { replayFile } from './replay-file';

const dir = mkdtempSync(join(tmpdir(), 'kw-replay-stall-'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  expect(await leftoverServerProcesses()).toEqual([]);
});

describe('a live replay whose server stops answering (SIGSTOP)', () => {
  it('stops within the command deadline with a message naming the server, and stops the server', async () => {
    // 30 s of recorded traffic at 1x: the replay is mid-way when the server freezes.
    const file = join(dir, 'long.jsonl');
    writeFileSync(file, Array.from({ length: 600 }, (_, i) => JSON.stringify({ ts: i * 0.05, cmd: i % 2 ? 'GET' : 'SET', key: `user:${i % 50}`, valueSize: 10 })).join('\n'));
    const replay = replayFile(file, { engine: 'live', speed: 1 }).then(() => undefined, (error: unknown) => error);
    let pid: number | undefined;
    while ((pid = managedServerPids()[0]) === undefined) await sleep(20);
    await sleep(1500);
    process.kill(pid, 'SIGSTOP');
    const frozenAt = performance.now();
    const error = await replay;
    const endedAfterMs = performance.now() - frozenAt;
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Already gone: stop() SIGKILLs a server that ignores SIGTERM.
    }
    // The command deadline, then the server's stop (SIGTERM, SIGKILL after 3 s), with slack.
    expect(endedAfterMs).toBeLessThan(LIVE_DEADLINES.commandMs + 1000 + 3000 + 2000);
    expect(error).toBeInstanceOf(RedisTargetError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toMatch(new RegExp(`^the managed redis-server \\(pid ${pid}, 127\\.0\\.0\\.1:\\d+\\) did not answer a command in time.* The replay stopped\\.$`));
    expect(managedServerPids()).toEqual([]);
  }, 60_000);
});
