/**
 * Per-participant caps of browser mode. A workshop room shares one server: without them one
 * attendee could start every redis-server the machine allows. Each participant (or, for the
 * token, each client address) may have at most `managedProcesses` managed redis-server processes
 * at once. Runs are not capped here: over the room's limits they wait in its queue
 * (electron/host/run-queue.ts). The token holder at the machine (loopback) is exempt unless told
 * otherwise; a participant never is.
 */
import { WorkbenchError } from '../common';
import { MAX_MANAGED_PROCESSES } from '../host';

export interface ClientLimitOptions {
  /** redis-server processes all participants together may have started (default: what one host allows, 12). */
  roomProcesses?: number;
  /** redis-server processes one client may have started (default 4; a cluster of N shards counts 2·N). */
  managedProcesses?: number;
  /** Whether loopback clients (the machine's own browser) are exempt (default true). */
  exemptLoopback?: boolean;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export class ClientLimits {
  private readonly managed = new Map<string, { client: string; processes: number }>();
  private readonly maxProcesses: number;
  private readonly maxRoomProcesses: number;
  private readonly exemptLoopback: boolean;

  constructor(options: ClientLimitOptions = {}) {
    this.maxProcesses = options.managedProcesses ?? 4;
    this.maxRoomProcesses = options.roomProcesses ?? MAX_MANAGED_PROCESSES;
    this.exemptLoopback = options.exemptLoopback ?? true;
  }

  private exempt(client: string): boolean {
    return this.exemptLoopback && LOOPBACK.test(client);
  }

  /** Throws 'busy' when `client` may not call `method` now. */
  check(client: string, method: string, input: unknown): void {
    if (this.exempt(client)) return;
    if (method === 'startManagedServer') {
      const used = [...this.managed.values()].filter((entry) => entry.client === client).reduce((sum, entry) => sum + entry.processes, 0);
      const wanted = processesOf(input);
      if (used + wanted > this.maxProcesses) throw new WorkbenchError('busy', `You have ${used} managed redis-server processes; each participant may have ${this.maxProcesses}. Stop one first.`);
      // Each participant's services count only their own: the room's total is held here.
      const room = [...this.managed.values()].reduce((sum, entry) => sum + entry.processes, 0);
      if (room + wanted > this.maxRoomProcesses) throw new WorkbenchError('busy', `The room's participants have ${room} managed redis-server processes; at most ${this.maxRoomProcesses} at once. Wait for someone to stop one.`);
    }
  }

  /** Records what a successful call took. */
  record(client: string, method: string, input: unknown, value: unknown): void {
    if (this.exempt(client)) return;
    // Each participant's services number their servers alike: the key says whose it is.
    if (method === 'startManagedServer') this.managed.set(`${client} ${(value as { id: string }).id}`, { client, processes: processesOf(input) });
    if (method === 'stopManagedServer') this.managed.delete(`${client} ${(input as { id: string }).id}`);
  }
}

function processesOf(input: unknown): number {
  const { kind, shards } = (input ?? {}) as { kind?: string; shards?: number };
  return kind === 'cluster' ? 2 * (shards ?? 3) : 1;
}
