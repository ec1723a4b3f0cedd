/**
 * A room: browser mode with participants. The trainer (the printed token) keeps the server's own
 * data and workspace directories; each participant gets services of their own, created when they
 * first call, on `<data>/participants/<id>/` (autosave, recent files, run history, connections)
 * and `<workspace>/participants/<id>/` (projects, traces, exports — every path check confines them
 * there), with events that reach only their own sockets. Everyone's runs share one fair queue
 * (electron/host/run-queue.ts) and one pool of warm workers. The trainer pushes a design to every
 * participant's open tabs (`onDidRoomShare`); everyone may read the results board, which gathers
 * each person's newest runs from their own history, and hears `onDidRoomBoardChange` when a run
 * in the room is queued, starts or ends.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { asHandlers, TRAINER } from '../common';
import type { HostHandlers, Participant, RoomBoard, RoomShare, WorkbenchEvent } from '../common';
import { createWorkbenchServices, EventHub, RunQueue, TraceBudget, WorkerPool } from '../host';
import type { RunQueueLimits, WorkbenchServices, WorkbenchServicesOptions } from '../host';
import { EventsSocket } from './events-socket';
import { ParticipantStore } from './participants';
import { BOARD_RUNS_PER_PERSON, boardRows } from './room-board';

/** Board changes are sent at most this often (twenty runs ending together make one refresh). */
const BOARD_CHANGE_MS = 150;

/** What a room's uploaded traces may keep: each participant's, and everyone's together. */
export interface RoomTraceLimits {
  /** Bytes one participant's uploads keep (default 128 MB; past it their oldest go). */
  participantBytes?: number;
  /** Uploads one participant keeps (default 16; past it their oldest go). */
  participantFiles?: number;
  /** Bytes all participants' uploads keep together (default 2 GB; past it an upload is refused). */
  roomBytes?: number;
}

export const ROOM_TRACE_DEFAULTS: Required<RoomTraceLimits> = { participantBytes: 128 * 1024 * 1024, participantFiles: 16, roomBytes: 2048 * 1024 * 1024 };

/** What each participant's services are made from: the server's own options, minus the directories. */
export type ServiceBase = Omit<WorkbenchServicesOptions, 'dataDir' | 'workspaceDir' | 'room'>;

export interface Seat {
  participant: Participant;
  services: WorkbenchServices;
  handlers: HostHandlers;
  events: EventsSocket;
  /** The room's events for this seat (pushes, board changes), merged into its services' own. */
  hub: EventHub;
}

export class Room {
  readonly store: ParticipantStore;
  readonly queue: RunQueue;
  readonly pool: WorkerPool;
  private readonly traces: Required<RoomTraceLimits>;
  private readonly traceBudget: TraceBudget;
  private readonly seats = new Map<string, Seat>();
  private readonly trainerHub = new EventHub();
  private trainer: WorkbenchServices | null = null;
  /** Runs that have shown progress (their start is a board change once). */
  private readonly started = new Set<string>();
  private boardTimer: ReturnType<typeof setTimeout> | null = null;
  /** The trainer's latest push, and the participants whose pages have had it. */
  private lastShare: RoomShare | null = null;
  private readonly shareReached = new Set<string>();
  private closed = false;

  constructor(private readonly options: { dataDir: string; workspaceDir: string; base: ServiceBase; limits?: RunQueueLimits; traces?: RoomTraceLimits }) {
    this.store = new ParticipantStore(options.dataDir, options.base.clock);
    this.traces = { ...ROOM_TRACE_DEFAULTS, ...options.traces };
    this.traceBudget = new TraceBudget(this.traces.roomBytes);
    this.queue = new RunQueue(options.limits);
    this.pool = new WorkerPool({ workerFile: options.base.workerFile, env: options.base.env });
  }

  /** The trainer's services: the server's own directories, in the room's queue. */
  trainerServices(): WorkbenchServices {
    const services = createWorkbenchServices({
      ...this.options.base, dataDir: this.options.dataDir, workspaceDir: this.options.workspaceDir,
      room: {
        queue: this.queue, pool: this.pool, board: () => this.board(), push: (share) => this.push(share),
        subscribe: (listener) => this.trainerHub.subscribe(listener),
      },
    });
    services.subscribe((event, payload) => this.watch(event, payload));
    this.trainer = services;
    return services;
  }

  /** A participant's seat, its services started on first use. */
  seat(participant: Participant): Seat {
    const existing = this.seats.get(participant.id);
    if (existing) return existing;
    if (this.closed) throw new Error('The room is closing');
    const dataDir = join(this.options.dataDir, 'participants', participant.id);
    const workspaceDir = join(this.options.workspaceDir, 'participants', participant.id);
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(workspaceDir, { recursive: true });
    const hub = new EventHub();
    const services = createWorkbenchServices({
      ...this.options.base, dataDir, workspaceDir,
      room: { queue: this.queue, pool: this.pool, participant, board: () => this.board(), subscribe: (listener) => hub.subscribe(listener) },
      traceQuota: { bytes: this.traces.participantBytes, files: this.traces.participantFiles, room: this.traceBudget },
    });
    services.subscribe((event, payload) => this.watch(event, payload));
    const seat: Seat = { participant, services, handlers: asHandlers(services), events: new EventsSocket(services, () => this.catchUp(seat)), hub };
    this.seats.set(participant.id, seat);
    return seat;
  }

  /**
   * Sends a design to every participant's seat (never the trainer's); the count is the seats with
   * a page listening now. A participant with no page open gets it when their next page connects.
   */
  push(share: Omit<RoomShare, 'sharedAt'>): number {
    const payload: RoomShare = { ...share, sharedAt: new Date(this.options.base.clock()).toISOString() };
    this.lastShare = payload;
    this.shareReached.clear();
    for (const seat of this.seats.values()) {
      if (seat.events.listeners === 0) continue;
      this.shareReached.add(seat.participant.id);
      seat.hub.emit('onDidRoomShare', payload);
    }
    return this.shareReached.size;
  }

  /** A page of `seat` connected: the latest push, if none of its pages has had it yet. */
  private catchUp(seat: Seat): void {
    if (!this.lastShare || this.shareReached.has(seat.participant.id)) return;
    this.shareReached.add(seat.participant.id);
    seat.hub.emit('onDidRoomShare', this.lastShare);
  }

  /** Everyone's newest runs, from each person's own history (seats are started for those not seen since a restart). */
  async board(): Promise<RoomBoard> {
    if (this.closed) throw new Error('The room is closing');
    const participants = this.store.list();
    const people = [
      ...(this.trainer ? [{ who: { ...TRAINER }, services: this.trainer }] : []),
      ...participants.map((participant) => ({ who: participant, services: this.seat(participant).services })),
    ];
    const histories = await Promise.all(people.map(async ({ who, services }) => ({ who, runs: await services.listRuns() })));
    return { participants: participants.length, runsPerPerson: BOARD_RUNS_PER_PERSON, rows: boardRows(histories) };
  }

  /** A run queued, started or ended anywhere in the room: tell every page, once per short while. */
  private watch(event: WorkbenchEvent, payload?: unknown): void {
    if (event === 'onDidRunProgress') {
      const runId = (payload as { runId: string }).runId;
      if (this.started.has(runId)) return;
      this.started.add(runId);
    } else if (event === 'onDidRunEnd') {
      this.started.delete((payload as { runId: string }).runId);
    } else if (event !== 'onDidRunQueued') return;
    if (this.boardTimer || this.closed) return;
    this.boardTimer = setTimeout(() => {
      this.boardTimer = null;
      for (const hub of [this.trainerHub, ...[...this.seats.values()].map((seat) => seat.hub)]) hub.emit('onDidRoomBoardChange', {});
    }, BOARD_CHANGE_MS);
  }

  /** Ends every participant's event socket (before the HTTP server closes: it waits for them). */
  closeEvents(): void {
    this.closed = true;
    if (this.boardTimer) clearTimeout(this.boardTimer);
    this.boardTimer = null;
    for (const seat of this.seats.values()) seat.events.close();
  }

  async close(): Promise<void> {
    this.closeEvents();
    const seats = [...this.seats.values()];
    await Promise.all(seats.map((seat) => seat.services.dispose()));
    await this.pool.dispose();
  }
}
