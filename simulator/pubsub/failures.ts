/**
 * Failure events and the reconnects that follow them. Clients (by cohort) and the workers'
 * subscriber links each reconnect with exponential backoff and jitter; an attempt fails while its
 * worker or node is down (or a subscriber-disconnect's duration lasts) and is retried later. A
 * client's handshake is work on its worker's loop, so a reconnect storm delays everyone there.
 */
import type { Agenda } from './agenda';
import { EV_CLIENT_RETRY, EV_FAILURE, EV_LINK_RETRY, EV_RECOVER } from './agenda';
import type { Backoff } from './backoff';
import type { ClientQueues } from './client-queues';
import type { CohortTable } from './cohorts';
import type { SubscriberLinks } from './links';
import type { PlanFailure } from './plan';
import type { OverflowListener, RedisNodes } from './redis-nodes';
import type { HandshakeListener, Workers } from './workers';

const CONNECTED = 0;
const WAITING = 1;
const HANDSHAKE = 2;

export class Failures implements HandshakeListener, OverflowListener {
  /** Clients whose connection dropped, and clients that came back. */
  clientDisconnects = 0;
  clientReconnects = 0;
  /** Reconnect attempts (clients and links) that found their worker or node down. */
  failedAttempts = 0;
  reconnectAttempts = 0;
  private readonly state: Uint8Array;
  private readonly attempts: Int32Array;
  /** When each worker and node is due back (overlapping failures extend it). */
  private readonly workerDownUntil: Float64Array;
  private readonly nodeDownUntil: Float64Array;

  constructor(
    private readonly failures: readonly PlanFailure[],
    private readonly cohorts: CohortTable,
    private readonly queues: ClientQueues,
    private readonly workers: Workers,
    private readonly links: SubscriberLinks,
    private readonly nodes: RedisNodes,
    private readonly agenda: Agenda,
    private readonly backoff: Backoff,
    private readonly heartbeatMs: number,
    private readonly lanes: number,
  ) {
    this.state = new Uint8Array(cohorts.count);
    this.attempts = new Int32Array(cohorts.count);
    this.workerDownUntil = new Float64Array(workers.count);
    this.nodeDownUntil = new Float64Array(nodes.count);
    failures.forEach((f, i) => agenda.push(f.atMs, EV_FAILURE, i, 0, 0, 0));
  }

  /** The agenda's EV_FAILURE. */
  begin(i: number, tMs: number): void {
    const f = this.failures[i];
    switch (f.kind) {
      case 'worker-restart':
        this.workerDownUntil[f.worker] = Math.max(this.workerDownUntil[f.worker], tMs + f.durationMs);
        this.workers.stop(f.worker, tMs, this.workerDownUntil[f.worker]);
        this.forLinks(f.worker, -1, (link) => {
          this.workers.discardLink(f.worker, link);
          this.links.close(link, false);
        });
        this.forCohorts(f.worker, 1, (k) => this.dropClient(k, tMs));
        this.agenda.push(tMs + f.durationMs, EV_RECOVER, i, 0, 0, 0);
        return;
      case 'subscriber-disconnect':
        this.forLinks(f.worker, f.node, (link) => {
          this.links.blockedUntil[link] = Math.max(this.links.blockedUntil[link], tMs + f.durationMs);
          this.closeLink(link, tMs, false, f.silent ? this.heartbeatMs : 0);
        });
        return;
      case 'shard-failover':
        this.nodeDownUntil[f.node] = Math.max(this.nodeDownUntil[f.node], tMs + f.durationMs);
        this.nodes.fail(f.node);
        this.forLinks(-1, f.node, (link) => this.closeLink(link, tMs, false, 0));
        this.agenda.push(tMs + f.durationMs, EV_RECOVER, i, 0, 0, 0);
        return;
      case 'reconnect-storm':
        this.forCohorts(f.worker, f.share, (k) => this.dropClient(k, tMs));
    }
  }

  /** The agenda's EV_RECOVER: a restarted worker or a failed-over shard is back. */
  end(i: number, tMs: number): void {
    const f = this.failures[i];
    if (f.kind === 'worker-restart') {
      if (tMs < this.workerDownUntil[f.worker]) return; // a later restart overlaps this one
      this.workers.start(f.worker, tMs);
      // A booting worker subscribes at once; a link whose node is down retries.
      this.forLinks(f.worker, -1, (link) => {
        if (this.nodes.down[link % this.links.nodes] === 0) this.links.open(link);
        else this.agenda.push(tMs + this.backoff.delayMs(1), EV_LINK_RETRY, link, 0, 0, 0);
      });
    } else if (f.kind === 'shard-failover' && tMs >= this.nodeDownUntil[f.node]) this.nodes.recover(f.node, tMs);
  }

  /** Redis closed a link over its output buffer limit. */
  overflow(link: number, tMs: number): void {
    this.closeLink(link, tMs, true, 0);
  }

  /** The agenda's EV_LINK_RETRY. */
  linkRetry(link: number, tMs: number): void {
    if (this.links.up[link] === 1) return;
    const w = Math.floor(link / this.links.nodes);
    if (this.workers.up[w] === 0) return; // the worker resubscribes when it boots
    const attempt = ++this.links.attempts[link];
    this.reconnectAttempts++;
    if (this.nodes.down[link % this.links.nodes] === 1 || tMs < this.links.blockedUntil[link]) {
      this.failedAttempts++;
      this.agenda.push(tMs + this.backoff.delayMs(attempt + 1), EV_LINK_RETRY, link, 0, 0, 0);
      return;
    }
    this.links.open(link);
  }

  /** The agenda's EV_CLIENT_RETRY: a cohort tries its worker again. */
  clientRetry(k: number, tMs: number): void {
    if (this.state[k] !== WAITING) return;
    const attempt = ++this.attempts[k];
    this.reconnectAttempts += this.cohorts.size[k];
    if (this.workers.up[this.cohorts.worker[k]] === 0) {
      this.failedAttempts += this.cohorts.size[k];
      this.agenda.push(tMs + this.backoff.delayMs(attempt + 1), EV_CLIENT_RETRY, k, 0, 0, 0);
      return;
    }
    this.state[k] = HANDSHAKE;
    this.workers.handshake(this.cohorts.worker[k], tMs, k);
  }

  connected(k: number, tMs: number): void {
    if (this.state[k] !== HANDSHAKE) return;
    this.state[k] = CONNECTED;
    this.attempts[k] = 0;
    this.clientReconnects += this.cohorts.size[k];
    this.queues.connect(k, tMs);
  }

  aborted(k: number, tMs: number): void {
    if (this.state[k] !== HANDSHAKE) return;
    this.state[k] = WAITING;
    this.agenda.push(tMs + this.backoff.delayMs(this.attempts[k] + 1), EV_CLIENT_RETRY, k, 0, 0, 0);
  }

  private dropClient(k: number, tMs: number): void {
    if (this.state[k] !== CONNECTED) return;
    this.state[k] = WAITING;
    this.attempts[k] = 0;
    this.clientDisconnects += this.cohorts.size[k];
    this.queues.disconnect(k, tMs);
    this.agenda.push(tMs + this.backoff.delayMs(1), EV_CLIENT_RETRY, k, 0, 0, 0);
  }

  private closeLink(link: number, tMs: number, overflow: boolean, detectMs: number): void {
    if (this.links.up[link] === 0) return;
    this.workers.discardLink(Math.floor(link / this.links.nodes), link);
    this.links.close(link, overflow);
    this.links.attempts[link] = 0;
    this.agenda.push(tMs + detectMs + this.backoff.delayMs(1), EV_LINK_RETRY, link, 0, 0, 0);
  }

  /** Links in use of worker w (−1: all) to node n (−1: all). */
  private forLinks(w: number, n: number, visit: (link: number) => void): void {
    for (let worker = 0; worker < this.workers.count; worker++) {
      if (w >= 0 && worker !== w) continue;
      for (let node = 0; node < this.links.nodes; node++) {
        const link = this.links.index(worker, node);
        if ((n < 0 || node === n) && this.links.used[link] === 1) visit(link);
      }
    }
  }

  /** Cohorts of worker w (−1: all) in the first `share` of the reconnect lanes. */
  private forCohorts(w: number, share: number, visit: (k: number) => void): void {
    const lanes = share <= 0 ? 0 : Math.max(1, Math.round(share * this.lanes));
    for (let k = 0; k < this.cohorts.count; k++) {
      if ((w < 0 || this.cohorts.worker[k] === w) && this.cohorts.lane[k] < lanes) visit(k);
    }
  }
}
