/**
 * Per-participant caps of browser mode. A workshop room shares one server: without them one
 * attendee could hold every run slot and start every redis-server the machine allows. Each client
 * address may have at most `runs` runs going and `managedProcesses` managed redis-server processes
 * at once; the services' own totals still apply to everyone together. The trainer at the machine
 * (loopback) is exempt unless told otherwise.
 */
import type { WorkbenchServices } from '../host';
import { WorkbenchError } from '../common';

export interface ClientLimitOptions {
  /** Runs one client may have going at once (default 2). */
  runs?: number;
  /** redis-server processes one client may have started (default 4; a cluster of N shards counts 2·N). */
  managedProcesses?: number;
  /** Whether loopback clients (the machine's own browser) are exempt (default true). */
  exemptLoopback?: boolean;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export class ClientLimits {
  private readonly runs = new Map<string, string>();
  private readonly managed = new Map<string, { client: string; processes: number }>();
  private readonly unsubscribe: () => void;
  private readonly maxRuns: number;
  private readonly maxProcesses: number;
  private readonly exemptLoopback: boolean;

  constructor(services: WorkbenchServices, options: ClientLimitOptions = {}) {
    this.maxRuns = options.runs ?? 2;
    this.maxProcesses = options.managedProcesses ?? 4;
    this.exemptLoopback = options.exemptLoopback ?? true;
    this.unsubscribe = services.subscribe((event, payload) => {
      if (event === 'onDidRunEnd') this.runs.delete((payload as { runId: string }).runId);
    });
  }

  private exempt(client: string): boolean {
    return this.exemptLoopback && LOOPBACK.test(client);
  }

  /** Throws 'busy' when `client` may not call `method` now. */
  check(client: string, method: string, input: unknown): void {
    if (this.exempt(client)) return;
    if (method === 'startRun') {
      const going = [...this.runs.values()].filter((owner) => owner === client).length;
      if (going >= this.maxRuns) throw new WorkbenchError('busy', `You have ${going} runs going; each participant may run ${this.maxRuns} at once. Stop one or wait for it to end.`);
    }
    if (method === 'startManagedServer') {
      const used = [...this.managed.values()].filter((entry) => entry.client === client).reduce((sum, entry) => sum + entry.processes, 0);
      const wanted = processesOf(input);
      if (used + wanted > this.maxProcesses) throw new WorkbenchError('busy', `You have ${used} managed redis-server processes; each participant may have ${this.maxProcesses}. Stop one first.`);
    }
  }

  /** Records what a successful call took. */
  record(client: string, method: string, input: unknown, value: unknown): void {
    if (this.exempt(client)) return;
    if (method === 'startRun') this.runs.set((value as { runId: string }).runId, client);
    if (method === 'startManagedServer') this.managed.set((value as { id: string }).id, { client, processes: processesOf(input) });
    if (method === 'stopManagedServer') this.managed.delete((input as { id: string }).id);
  }

  close(): void {
    this.unsubscribe();
  }
}

function processesOf(input: unknown): number {
  const { kind, shards } = (input ?? {}) as { kind?: string; shards?: number };
  return kind === 'cluster' ? 2 * (shards ?? 3) : 1;
}
