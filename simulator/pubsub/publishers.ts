/**
 * The publishers: per channel group, a steady stream of publishes over the run (Poisson or evenly
 * spaced), each to a channel drawn from the group's spread, with a payload drawn from its size
 * distribution. Each group draws from its own forked generator, so adding a group shifts nothing.
 */
import { ArrivalSchedule, createKeySampler, createNumberSampler } from '../traffic';
import type { KeySampler, NumberSampler, Rng } from '../traffic';
import type { PlanGroup } from './plan';

export class Publishers {
  private readonly schedules: ArrivalSchedule[];
  private readonly channels: KeySampler[];
  private readonly payloads: NumberSampler[];

  constructor(private readonly groups: readonly PlanGroup[], durationMs: number, rng: Rng) {
    this.schedules = groups.map((g) => new ArrivalSchedule(
      { kind: 'steady', ratePerSec: g.ratePerSec }, durationMs,
      { poisson: g.poisson, rng: rng.fork(`arrivals:${g.name}`) },
    ));
    this.channels = groups.map((g) => createKeySampler(g.skew, g.count, rng.fork(`channels:${g.name}`)));
    this.payloads = groups.map((g) => createNumberSampler(g.payload, rng.fork(`payload:${g.name}`)));
  }

  /** The next publish time of group g (ms from run start), or Infinity when it has no more. */
  nextTime(g: number): number {
    return this.schedules[g].next();
  }

  /** The channel (global index) of group g's next publish. */
  channel(g: number): number {
    return this.groups[g].firstChannel + this.channels[g].next();
  }

  /** Payload bytes of group g's next publish. */
  payloadBytes(g: number): number {
    return Math.round(this.payloads[g].next());
  }
}
