/**
 * A room: browser mode with participants. The trainer (the printed token) keeps the server's own
 * data and workspace directories; each participant gets services of their own, created when they
 * first call, on `<data>/participants/<id>/` (autosave, recent files, run history, connections)
 * and `<workspace>/participants/<id>/` (projects, traces, exports — every path check confines them
 * there), with events that reach only their own sockets. Everyone's runs share one fair queue
 * (electron/host/run-queue.ts) and one pool of warm workers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { asHandlers } from '../common';
import type { HostHandlers, Participant } from '../common';
import { createWorkbenchServices, RunQueue, TraceBudget, WorkerPool } from '../host';
import type { RunQueueLimits, WorkbenchServices, WorkbenchServicesOptions } from '../host';
import { EventsSocket } from './events-socket';
import { ParticipantStore } from './participants';

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
}

export class Room {
  readonly store: ParticipantStore;
  readonly queue: RunQueue;
  readonly pool: WorkerPool;
  private readonly traces: Required<RoomTraceLimits>;
  private readonly traceBudget: TraceBudget;
  private readonly seats = new Map<string, Seat>();
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
    return createWorkbenchServices({
      ...this.options.base, dataDir: this.options.dataDir, workspaceDir: this.options.workspaceDir,
      room: { queue: this.queue, pool: this.pool },
    });
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
    const services = createWorkbenchServices({
      ...this.options.base, dataDir, workspaceDir, room: { queue: this.queue, pool: this.pool, participant },
      traceQuota: { bytes: this.traces.participantBytes, files: this.traces.participantFiles, room: this.traceBudget },
    });
    const seat: Seat = { participant, services, handlers: asHandlers(services), events: new EventsSocket(services) };
    this.seats.set(participant.id, seat);
    return seat;
  }

  /** Ends every participant's event socket (before the HTTP server closes: it waits for them). */
  closeEvents(): void {
    this.closed = true;
    for (const seat of this.seats.values()) seat.events.close();
  }

  async close(): Promise<void> {
    this.closeEvents();
    const seats = [...this.seats.values()];
    await Promise.all(seats.map((seat) => seat.services.dispose()));
    await this.pool.dispose();
  }
}
