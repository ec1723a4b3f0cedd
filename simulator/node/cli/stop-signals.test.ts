import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STOP_BOUND_MS, leftoverHint, listenForStop, signalExitCode, STOP_BOUND_ENV, stopBoundMs, STOP_SIGNALS } from './stop-signals';
import type { StopOptions } from './stop-signals';

function harness(options: Partial<StopOptions> = {}) {
  const source = new EventEmitter();
  const err: string[] = [];
  const exits: number[] = [];
  const stop = listenForStop({
    io: { out: () => undefined, err: (text) => err.push(text), tty: null },
    command: 'keyspace run',
    source: source as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
    exit: (code) => exits.push(code),
    ...options,
  });
  return { source, err, exits, stop };
}

describe('listenForStop', () => {
  it('gives the conventional exit codes: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP', () => {
    expect(STOP_SIGNALS.map(signalExitCode)).toEqual([130, 143, 129]);
  });

  it('bounds the cleanup at 15 s unless KEYSPACE_STOP_TIMEOUT_MS says otherwise', () => {
    expect(stopBoundMs({})).toBe(DEFAULT_STOP_BOUND_MS);
    expect(stopBoundMs({ [STOP_BOUND_ENV]: '2500' })).toBe(2500);
    for (const bad of ['', '1.5', '-3', '10', 'soon']) expect(stopBoundMs({ [STOP_BOUND_ENV]: bad })).toBe(DEFAULT_STOP_BOUND_MS);
  });

  it('cancels on the first signal and turns the command\'s exit code into the signal\'s', () => {
    const { source, err, stop } = harness();
    expect(stop.exitCode(1)).toBe(1);
    expect(stop.note()).toBeNull();
    source.emit('SIGHUP');
    expect(stop.signal.aborted).toBe(true);
    expect(stop.received).toBe('SIGHUP');
    expect(stop.exitCode(0)).toBe(129);
    expect(stop.note()).toBe('keyspace run: stopped by SIGHUP; the result above is partial');
    expect(err).toEqual(['keyspace run: SIGHUP received; stopping the run and cleaning up (at most 15 s; send it again to exit at once)']);
    stop.dispose();
  });

  it('exits when the cleanup outlives its bound, saying what may be left and how to clean it', async () => {
    const { source, err, exits } = harness({ boundMs: 50, leftovers: () => 'What may be left: keys under kw:r1:' });
    source.emit('SIGTERM');
    expect(exits).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(exits).toEqual([143]);
    expect(err[1]).toBe('keyspace run: the cleanup did not finish within 50 ms of SIGTERM; exiting without waiting for the cleanup.\nWhat may be left: keys under kw:r1:');
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits at once on a second signal, and not at all once disposed', async () => {
    const first = harness({ boundMs: 10_000 });
    first.source.emit('SIGINT');
    first.source.emit('SIGINT');
    expect(first.exits).toEqual([130]);
    expect(first.err[1]).toMatch(/^keyspace run: SIGINT again; exiting without waiting for the cleanup\.$/);

    const second = harness({ boundMs: 30 });
    second.source.emit('SIGTERM');
    second.stop.dispose();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(second.exits).toEqual([]);
    for (const name of STOP_SIGNALS) expect(second.source.listenerCount(name)).toBe(0);
  });

  it('names the cleanup command with the password variable and never the password', () => {
    const hint = leftoverHint({ url: 'redis://:s3cret@dev:6379/3', passwordEnv: 'PW' }, 'kw:r1:', '/data/config-journal/r1.json');
    expect(hint).toBe([
      'What may be left on redis://:***@dev:6379/3: keys under kw:r1: and the CONFIG values the run changed (their originals are journaled in /data/config-journal/r1.json).',
      "Clean up with: keyspace cleanup --redis 'redis://:***@dev:6379/3' --password-env PW",
    ].join('\n'));
  });
});
