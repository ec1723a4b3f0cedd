/**
 * Stopping a command on SIGINT, SIGTERM or SIGHUP — one place for every command that runs traffic.
 *
 * The first signal cancels the run: the engine stops sending, restores the CONFIG it changed,
 * deletes its keys and returns its partial result, which the command prints before exiting with
 * the conventional code (130, 143, 129). That teardown is bounded: if the command has not finished
 * `boundMs` after the signal, it says what may be left and how to clean it up, and exits. A second
 * signal does the same at once.
 */
import { redactUrl } from '../redis';
import type { Io } from './main';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignalName = (typeof STOP_SIGNALS)[number];

const SIGNAL_NUMBERS: Record<StopSignalName, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** How long the teardown may take after the first signal (default). */
export const DEFAULT_STOP_BOUND_MS = 15_000;

/** The variable that changes the bound (milliseconds). */
export const STOP_BOUND_ENV = 'KEYSPACE_STOP_TIMEOUT_MS';

/** The bound: KEYSPACE_STOP_TIMEOUT_MS when it is a whole number of milliseconds ≥ 100, else the default. */
export function stopBoundMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[STOP_BOUND_ENV];
  return text !== undefined && /^\d+$/.test(text) && Number(text) >= 100 ? Number(text) : DEFAULT_STOP_BOUND_MS;
}

/** The shell's exit status for a death by this signal (128 + its number). */
export function signalExitCode(signal: StopSignalName): number {
  return 128 + SIGNAL_NUMBERS[signal];
}

export interface StopOptions {
  io: Io;
  /** The command, for messages (`keyspace run`). */
  command: string;
  /**
   * What may be left on the server if the teardown does not finish, and how to clean it (asked
   * when that happens); undefined when nothing can be left (the simulator, a managed server).
   */
  leftovers?: () => string | undefined;
  /** Default stopBoundMs(). */
  boundMs?: number;
  /** Where signals come from (default process). */
  source?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Ends the process (default process.exit). */
  exit?: (code: number) => void;
}

/** The signal listeners of one command; dispose() once it is done. */
export interface StopSignals {
  /** Aborted by the first signal; hand it to the engine. */
  readonly signal: AbortSignal;
  /** The first signal received, or null. */
  readonly received: StopSignalName | null;
  /** `code`, or the signal's conventional exit code when a signal stopped the command. */
  exitCode(code: number): number;
  /** A line for stderr saying which signal stopped the run, or null. */
  note(): string | null;
  dispose(): void;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Listens for SIGINT/SIGTERM/SIGHUP until dispose(). */
export function listenForStop(options: StopOptions): StopSignals {
  const source = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const boundMs = options.boundMs ?? stopBoundMs();
  const controller = new AbortController();
  let received: StopSignalName | null = null;
  let timer: NodeJS.Timeout | undefined;

  const giveUp = (why: string): void => {
    const left = options.leftovers?.();
    options.io.err(`${options.command}: ${why}; exiting without waiting for the cleanup.${left ? `\n${left}` : ''}`);
    dispose();
    exit(signalExitCode(received ?? 'SIGINT'));
  };
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = (): void => {
      if (received !== null) {
        giveUp(`${name} again`);
        return;
      }
      received = name;
      options.io.err(`${options.command}: ${name} received; stopping the run and cleaning up (at most ${duration(boundMs)}; send it again to exit at once)`);
      controller.abort();
      // Not unref'd: a teardown hung on nothing that keeps the process alive must still end here.
      timer = setTimeout(() => giveUp(`the cleanup did not finish within ${duration(boundMs)} of ${name}`), boundMs);
    };
    source.on(name, listener);
    return { name, listener };
  });
  function dispose(): void {
    if (timer) clearTimeout(timer);
    for (const { name, listener } of listeners) source.off(name, listener);
    listeners.length = 0;
  }
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    exitCode: (code) => (received ? signalExitCode(received) : code),
    note: () => (received ? `${options.command}: stopped by ${received}; the result above is partial` : null),
    dispose,
  };
}

/** What a stopped live run on a user's server may leave, and the command that cleans it up. */
export function leftoverHint(target: { url: string; passwordEnv?: string }, prefix: string, journalFile: string): string {
  const password = target.passwordEnv ? ` --password-env ${target.passwordEnv}` : '';
  const url = redactUrl(target.url);
  return [
    `What may be left on ${url}: keys under ${prefix} and the CONFIG values the run changed (their originals are journaled in ${journalFile}).`,
    `Clean up with: keyspace cleanup --redis '${url}'${password}`,
  ].join('\n');
}
