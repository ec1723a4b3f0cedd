/**
 * A live pub/sub run's publisher: each group paced evenly at its rate (× speed) for the plan's
 * duration (÷ speed), at most MAX_PER_TICK sends per turn of the event loop, each message sent
 * with PUBLISH, SPUBLISH (sharded, in a cluster) or XADD (Streams classes) on one connection and
 * counted in the tally once Redis accepted it. Then a bounded wait for the replies in flight.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster, Redis } from 'ioredis';
import type { CancelSignal } from '../../run';
import type { PubsubPlan } from '../../pubsub';
import { createKeySampler, createNumberSampler, Rng } from '../../traffic';
import type { KeySampler, NumberSampler } from '../../traffic';
import type { ChannelLayout } from './pubsub-layout';
import { stampedPayload, type DeliveryTally } from './pubsub-tally';

const MAX_PER_TICK = 2000;
/** Longest wait for the replies to the last publishes. */
const REPLIES_WAIT_MS = 5000;

export interface PublisherOptions {
  plan: PubsubPlan;
  layout: ChannelLayout;
  tally: DeliveryTally;
  /** SPUBLISH instead of PUBLISH. */
  sharded: boolean;
  speed: number;
  clock: () => number;
}

export class Publisher {
  /** When publishing started and stopped (engine clock). */
  startMs = 0;
  endMs = 0;
  /** Publishes Redis refused or that failed (not counted as published), and the first one's reason. */
  errors = 0;
  firstError: string | undefined;
  private inFlight = 0;
  private seq = 0;

  constructor(private readonly client: Redis | Cluster, private readonly options: PublisherOptions) {}

  /** Publishes for the plan's duration (÷ speed), then waits (boundedly) for the replies in flight. */
  async run(signal: CancelSignal): Promise<void> {
    const { plan, speed, clock } = this.options;
    const durationMs = plan.durationMs / speed;
    const rng = new Rng(plan.seed).fork('live-pubsub');
    const pickers: KeySampler[] = plan.groups.map((g, i) => createKeySampler(g.skew, g.count, rng.fork(`channel-${i}`)));
    const sizes: NumberSampler[] = plan.groups.map((g, i) => createNumberSampler(g.payload, rng.fork(`payload-${i}`)));
    const sent = new Float64Array(plan.groups.length);
    this.startMs = clock();
    for (;;) {
      if (signal.aborted) break;
      const elapsed = Math.min(clock() - this.startMs, durationMs);
      let burst = 0;
      plan.groups.forEach((g, gi) => {
        const due = Math.floor((g.ratePerSec * speed * elapsed) / 1000);
        while (sent[gi] < due && burst < MAX_PER_TICK) {
          sent[gi]++;
          burst++;
          this.send(g.firstChannel + pickers[gi].next(), Math.max(1, Math.round(sizes[gi].next())));
        }
      });
      if (elapsed >= durationMs) break;
      await sleep(burst >= MAX_PER_TICK ? 0 : 1);
    }
    this.endMs = clock();
    const deadline = clock() + REPLIES_WAIT_MS;
    while (this.inFlight > 0 && clock() < deadline && !signal.aborted) await sleep(2);
  }

  private send(c: number, size: number): void {
    const { layout, tally, sharded, clock } = this.options;
    const payload = stampedPayload(clock(), this.seq++, size);
    const bytes = Buffer.byteLength(payload);
    const accepted = (): void => {
      this.inFlight--;
      tally.accepted(c, bytes);
    };
    const failed = (error: Error): void => {
      this.inFlight--;
      this.errors++;
      this.firstError ??= error.message;
    };
    this.inFlight++;
    // Counted when Redis accepts it: a message is published once its reply arrives, but it may be
    // delivered before that, so the expected count is settled before the result is read.
    if (layout.isStream[c]) {
      this.client.xadd(layout.streamKeys[c], '*', 'p', payload).then(accepted, failed);
    } else if (sharded) {
      this.client.spublish(layout.names[c], payload).then(accepted, failed);
    } else {
      this.client.publish(layout.names[c], payload).then(accepted, failed);
    }
  }
}
