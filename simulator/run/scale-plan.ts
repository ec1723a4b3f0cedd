/**
 * Time-scaling a plan: the same traffic, `factor` times faster. Redis keeps wall-clock time (TTLs,
 * the 1 s LRU clock, the LFU minute clock, hz), so a live replay of a long plan would take as long
 * as the plan; the fidelity check instead runs the simulator and a real server on the same scaled
 * plan, paced at wall-clock speed, so both see one timeline.
 *
 * Scaled: phase starts and durations, TTLs, rule delays, origin latency, client rtt and the
 * snapshot interval, rate-limit periods and edge bursts (divided by the factor); request rates and origin capacity (multiplied); the
 * pub/sub section likewise (every duration and service time divided, publish rates multiplied), so
 * its story is the written one, `factor` times faster.
 * Not scaled, because Redis cannot: lfu-decay-time is whole minutes (see scalingNotes), and the
 * LRU clock keeps its 1 s resolution and serverCron its hz, so on the plan's own timeline they
 * become `factor` times coarser and slower. Both engines see exactly that, which is what a
 * side-by-side comparison needs; the notes say it so a reader does not take it for the unscaled plan.
 */
import type { PubsubPlan } from '../pubsub';
import type { PlannedRateLimits } from '../ratelimit/planned';
import type { NumberDist, PhaseShape } from '../traffic';
import { expectedRequests } from '../traffic';
import type { RunPlan } from './plan';

/** A copy of `plan` running `factor` times faster (factor > 1 speeds up, < 1 slows down). */
export function scalePlan(plan: RunPlan, factor: number): RunPlan {
  if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`scale factor ${factor} is not valid; use a finite number > 0`);
  const time = (ms: number): number => ms / factor;
  const phases = plan.phases.map((phase) => {
    const shape = scaleShape(phase.shape, factor);
    const durationMs = time(phase.durationMs);
    return { ...phase, startMs: time(phase.startMs), durationMs, shape, expectedRequests: expectedRequests(shape, durationMs) };
  });
  return {
    ...plan,
    phases,
    namespaces: plan.namespaces.map((ns) => ({
      ...ns,
      // Redis takes whole milliseconds (SET … PX); a TTL never rounds down to "no TTL".
      // `ttl: none` (null) and "do not cache" (0) stay as they are.
      ttlMs: ns.ttlMs === null ? null : ns.ttlMs > 0 ? Math.max(1, Math.round(time(ns.ttlMs))) : 0,
    })),
    rules: plan.rules.map((rule) => ({ ...rule, targets: [...rule.targets], delayMs: time(rule.delayMs) })),
    server: { ...plan.server },
    origin: {
      ...plan.origin,
      latencyMs: scaleDist(plan.origin.latencyMs, factor),
      capacityPerSec: plan.origin.capacityPerSec === null ? null : plan.origin.capacityPerSec * factor,
    },
    client: { ...plan.client, rttMs: time(plan.client.rttMs) },
    snapshotIntervalMs: Math.max(1, time(plan.snapshotIntervalMs)),
    operations: plan.operations.map((op) => ({ ...op })),
    assertions: [...plan.assertions],
    pubsub: plan.pubsub === null ? null : scalePubsub(plan.pubsub, factor),
    ...(plan.rateLimits ? { rateLimits: scaleRateLimits(plan.rateLimits, factor) } : {}),
  };
}

/** The pub/sub plan `factor` times faster: durations and service times divided, publish rates multiplied; sizes and counts as they are. */
/** Limiter periods (whole ms, as Redis expiries) and abusive clients' edge bursts, `factor` times shorter. */
function scaleRateLimits(limits: PlannedRateLimits, factor: number): PlannedRateLimits {
  return {
    limiters: limits.limiters.map((l) => ({ ...l, skew: { ...l.skew }, periodMs: Math.max(1, Math.round(l.periodMs / factor)) })),
    abuse: limits.abuse && { ...limits.abuse, edgeMs: limits.abuse.edgeMs === null ? null : limits.abuse.edgeMs / factor },
  };
}

function scalePubsub(pubsub: PubsubPlan, factor: number): PubsubPlan {
  const time = (ms: number): number => ms / factor;
  const { topology: t, workers: w, clients: c, reconnect: r } = pubsub;
  return {
    ...pubsub,
    durationMs: time(pubsub.durationMs),
    drainMs: time(pubsub.drainMs),
    topology: {
      ...t, perMessageMs: time(t.perMessageMs), perSubscriberMs: time(t.perSubscriberMs), busHopMs: time(t.busHopMs),
      busLatencyMs: time(t.busLatencyMs), networkLatencyMs: time(t.networkLatencyMs), softLimitMs: time(t.softLimitMs),
    },
    classes: pubsub.classes.map((cls) => ({ ...cls, ackIntervalMs: time(cls.ackIntervalMs) })),
    groups: pubsub.groups.map((g) => ({ ...g, ratePerSec: g.ratePerSec * factor })),
    workers: { ...w, loopMs: time(w.loopMs), sendMs: time(w.sendMs), connectMs: time(w.connectMs) },
    clients: { ...c, latencyMs: time(c.latencyMs), serviceMs: time(c.serviceMs), slowServiceMs: time(c.slowServiceMs) },
    backpressure: { ...pubsub.backpressure, heartbeatMs: time(pubsub.backpressure.heartbeatMs) },
    reconnect: { ...r, baseMs: time(r.baseMs), maxMs: time(r.maxMs) },
    failures: pubsub.failures.map((f) => ({ ...f, atMs: time(f.atMs), durationMs: time(f.durationMs) })),
    warnings: [...pubsub.warnings],
  };
}

/** What a scaled run does not scale, in words for reports (empty for factor 1). */
export function scalingNotes(plan: RunPlan, factor: number): string[] {
  if (factor === 1) return [];
  const x = formatFactor(factor);
  const notes = [
    `The plan ran ${x}× faster than written: durations, TTLs, rule delays, origin latency, client rtt${plan.rateLimits ? ', rate-limit periods' : ''}${plan.pubsub ? ' and pub/sub times' : ''} divided by ${x}, rates multiplied by ${x}; times in this result (durations, latencies, TTLs) are on that faster timeline.`,
    `Redis's LRU clock keeps its 1 s resolution and serverCron its hz (${plan.server.hz}/s): on the plan's timeline the LRU clock is ${x} s coarse and active expiry runs ${x}× less often per plan second.`,
  ];
  if (plan.server.policy.endsWith('-lfu')) {
    notes.push(`lfu-decay-time is whole minutes in Redis and cannot be scaled: counters decay every ${plan.server.lfuDecayTimeMin} real minute(s), i.e. ${x}× more slowly on the plan's timeline.`);
  }
  return notes;
}

function formatFactor(factor: number): string {
  return Number.isInteger(factor) ? String(factor) : factor.toPrecision(3);
}

function scaleShape(shape: PhaseShape, factor: number): PhaseShape {
  switch (shape.kind) {
    case 'steady': return { kind: 'steady', ratePerSec: shape.ratePerSec * factor };
    case 'ramp': return { kind: 'ramp', fromPerSec: shape.fromPerSec * factor, toPerSec: shape.toPerSec * factor };
    case 'spike': return { ...shape, basePerSec: shape.basePerSec * factor, peakPerSec: shape.peakPerSec * factor };
  }
}

/** A distribution of durations, `factor` times shorter (every parameter is a time). */
function scaleDist(dist: NumberDist, factor: number): NumberDist {
  switch (dist.kind) {
    case 'fixed': return { kind: 'fixed', value: dist.value / factor };
    case 'uniform': return { kind: 'uniform', min: dist.min / factor, max: dist.max / factor };
    case 'normal': return dist.min === undefined
      ? { kind: 'normal', mean: dist.mean / factor, stddev: dist.stddev / factor }
      : { kind: 'normal', mean: dist.mean / factor, stddev: dist.stddev / factor, min: dist.min / factor };
    case 'lognormal': return { kind: 'lognormal', median: dist.median / factor, p99: dist.p99 / factor };
    case 'exponential': return { kind: 'exponential', mean: dist.mean / factor };
  }
}
