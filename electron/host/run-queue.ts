/**
 * The run queue: how many runs go at once, in total and per person, and who goes next. A run over
 * either limit waits instead of being refused; waiting runs start round-robin between their owners
 * (one person's ten runs do not hold back everyone else's first), each owner's own in the order
 * asked. Every waiting run learns its place in line whenever it changes. One queue serves a whole
 * browser-mode room (every participant's services share it); the desktop app has its own.
 */
import { availableParallelism } from 'node:os';
import { ServiceError } from './errors';

export interface RunQueueLimits {
  /** Runs going at once, everyone together (default: the machine's cores, at least 2). */
  total?: number;
  /** Runs one owner may have going at once (default 2). */
  perPerson?: number;
  /** Runs one owner may have waiting at once (default 20): beyond it a run is refused, not queued. */
  waitingPerPerson?: number;
}

export interface QueuedRun {
  id: string;
  /** Whose run it is (a participant id; the desktop app has one owner). */
  owner: string;
  /** Called once, when the run gets its slot (at once when one is free). */
  start(): void;
  /** The run's place in line (1 = next) whenever it changes while it waits; 0 as it leaves the line to start. */
  position(place: number): void;
}

export function defaultRunLimits(): Required<RunQueueLimits> {
  return { total: Math.max(2, availableParallelism()), perPerson: 2, waitingPerPerson: 20 };
}

export class RunQueue {
  readonly limits: Required<RunQueueLimits>;
  /** Run id → owner, for runs holding a slot. */
  private readonly going = new Map<string, string>();
  /** Owners in the order they first queued; each with its waiting runs, oldest first. */
  private readonly waiting = new Map<string, QueuedRun[]>();
  /** Index into the owners' order of the owner served next. */
  private turn = 0;
  private readonly places = new Map<string, number>();

  constructor(limits: RunQueueLimits = {}) {
    const defaults = defaultRunLimits();
    this.limits = {
      total: positive(limits.total, defaults.total), perPerson: positive(limits.perPerson, defaults.perPerson),
      waitingPerPerson: positive(limits.waitingPerPerson, defaults.waitingPerPerson),
    };
  }

  /** Throws 'busy' when `owner` already has as many runs waiting as one person may (a queue has no other bound). */
  checkRoom(owner: string): void {
    const waiting = this.waiting.get(owner)?.length ?? 0;
    if (waiting >= this.limits.waitingPerPerson) {
      throw new ServiceError('busy', `You have ${waiting} runs waiting in line; each person may have ${this.limits.waitingPerPerson}. Cancel one or wait for one to start.`);
    }
  }

  /** Starts the run now when a slot is free, else puts it in line. True when it started. */
  enqueue(run: QueuedRun): boolean {
    const line = this.waiting.get(run.owner) ?? [];
    line.push(run);
    this.waiting.set(run.owner, line);
    this.pump();
    return this.going.has(run.id);
  }

  /** A run that held a slot ended (done, failed or cancelled): its slot goes to the next in line. */
  release(id: string): void {
    if (this.going.delete(id)) this.pump();
  }

  /** Takes a waiting run out of line; false when it is not waiting (it started, or never was). */
  remove(id: string): boolean {
    for (const [owner, line] of this.waiting) {
      const index = line.findIndex((run) => run.id === id);
      if (index < 0) continue;
      line.splice(index, 1);
      if (line.length === 0) this.dropOwner(owner);
      this.places.delete(id);
      this.pump();
      return true;
    }
    return false;
  }

  /** Runs holding a slot, and waiting, for one owner or everyone. */
  counts(owner?: string): { going: number; waiting: number } {
    const going = [...this.going.values()].filter((o) => owner === undefined || o === owner).length;
    const waiting = [...this.waiting].filter(([o]) => owner === undefined || o === owner).reduce((sum, [, line]) => sum + line.length, 0);
    return { going, waiting };
  }

  private goingOf(owner: string): number {
    let n = 0;
    for (const o of this.going.values()) if (o === owner) n++;
    return n;
  }

  private dropOwner(owner: string): void {
    const owners = [...this.waiting.keys()];
    const index = owners.indexOf(owner);
    this.waiting.delete(owner);
    if (index >= 0 && index < this.turn) this.turn--;
  }

  /** Gives free slots to waiting runs, round-robin, then tells the rest their places. */
  private pump(): void {
    const started: Array<{ run: QueuedRun; waited: boolean }> = [];
    while (this.going.size < this.limits.total) {
      const next = this.nextEligible();
      if (!next) break;
      this.going.set(next.id, next.owner);
      started.push({ run: next, waited: this.places.delete(next.id) });
    }
    this.announce();
    for (const { run, waited } of started) {
      if (waited) run.position(0);
      run.start();
    }
  }

  /** The first waiting run, from the owner whose turn it is on, of an owner under the per-person limit. */
  private nextEligible(): QueuedRun | null {
    const owners = [...this.waiting.keys()];
    for (let i = 0; i < owners.length; i++) {
      const index = (this.turn + i) % owners.length;
      const owner = owners[index];
      if (this.goingOf(owner) >= this.limits.perPerson) continue;
      const line = this.waiting.get(owner) as QueuedRun[];
      const run = line.shift() as QueuedRun;
      if (line.length === 0) {
        this.waiting.delete(owner);
        this.turn = owners.length - 1 === 0 ? 0 : index % (owners.length - 1);
      } else {
        this.turn = (index + 1) % owners.length;
      }
      return run;
    }
    return null;
  }

  /** Places in line: round by round from the owner whose turn it is, each owner's oldest first. */
  private announce(): void {
    const owners = [...this.waiting.keys()];
    const order: QueuedRun[] = [];
    const deepest = Math.max(0, ...owners.map((owner) => (this.waiting.get(owner) as QueuedRun[]).length));
    for (let round = 0; round < deepest; round++) {
      for (let i = 0; i < owners.length; i++) {
        const run = (this.waiting.get(owners[(this.turn + i) % owners.length]) as QueuedRun[])[round];
        if (run) order.push(run);
      }
    }
    order.forEach((run, index) => {
      if (this.places.get(run.id) === index + 1) return;
      this.places.set(run.id, index + 1);
      run.position(index + 1);
    });
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value >= 1 ? value : fallback;
}
