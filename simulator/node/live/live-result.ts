/**
 * The live run's RunResult: the client's counters (the same as the simulator's), the server's
 * (INFO, as last sampled), the pacing, the gaps and the errors, with the warnings they call for.
 */
import type { LatencyHistogram } from '../../metrics';
import type { LatencyMetrics, NamespaceMetrics } from '../../run';
import { RUN_RESULT_VERSION } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
import type { RedisTargetError } from '../redis';
import type { ConnectionGaps } from './connection-gaps';
import type { CommandLatency, LiveCommand, LiveRunContext, LiveRunResult, SessionDetails } from './live-types';
import { LIVE_COMMANDS, US_PER_MS } from './live-types';
import type { PipePort } from './pipe-port';
import type { Sequencer } from './sequencer';
import type { ServerTruth } from './server-truth';
import { ratio, sum } from './server-truth';

/** Everything a finished run measured. */
export interface LiveRunParts {
  ctx: LiveRunContext;
  client: CacheAsideClient;
  latency: LatencyHistogram;
  sequencer: Sequencer;
  port: PipePort;
  truth: ServerTruth;
  gaps: ConnectionGaps;
  durationMs: number;
  partial: boolean;
  /** Wall time the traffic ran (s). */
  wallSec: number;
  droppedTailEvents: number;
  fatal: RedisTargetError | undefined;
  warnings: string[];
}

export function liveRunResult(parts: LiveRunParts, details: SessionDetails, departures: string[]): LiveRunResult {
  const { ctx, client, sequencer, port, truth, durationMs } = parts;
  const plan = ctx.plan;
  const durationSec = Math.max(durationMs, 1) / 1000;
  client.flushLatency();
  const totals = truth.totals.totals();
  const info = truth.latestInfo;
  const clientHits = sum(sequencer.hits);
  const clientMisses = sum(sequencer.misses);
  const namespaces = plan.namespaces.map((ns): NamespaceMetrics => {
    const i = ns.index;
    const hits = sequencer.hits[i];
    const misses = sequencer.misses[i];
    return {
      name: ns.name, reads: hits + misses, hits, misses, hitRatio: ratio(hits, hits + misses),
      evictedKeys: 0, expiredKeys: 0, usedMemoryBytes: 0, oomRejections: client.oomRejections[i], staleReads: client.staleReads[i],
      keys: 0, writes: client.writes[i], originQueries: client.originQueries[i], ttlMs: ns.ttlMs,
    };
  });
  const warnings = [...parts.warnings];
  const oom = sum(client.oomRejections);
  if (oom > 0) warnings.push(`${oom} writes were refused with OOM (policy ${info.maxmemoryPolicy || plan.server.policy}). ${port.errorMessages.get('oom') ?? ''}`.trimEnd());
  if (client.duplicateLoads > 0) warnings.push(`${client.duplicateLoads} origin loads duplicated a load already in flight (thundering herd); client.singleFlight coalesces them`);
  if (client.origin.queuedMs > 0) warnings.push(`origin queries waited ${(client.origin.queuedMs / 1000).toFixed(1)} s in all for a free connection (maxConcurrency ${plan.origin.maxConcurrency})`);
  const lag = sequencer.lag;
  const lagP99 = lag.valueAtPercentile(99) / US_PER_MS;
  const lagMax = lag.max / US_PER_MS;
  if (ctx.speed !== 'max' && lagP99 > 20) {
    warnings.push(`The client fell behind the plan's pace: requests went out up to ${lagMax.toFixed(0)} ms late (p99 ${lagP99.toFixed(1)} ms, ${sequencer.lateRequests} more than 10 ms late). Lower the rate (or the speed-up) for a faithful timeline.`);
  }
  for (const gap of parts.gaps.gaps) {
    warnings.push(`No connection from ${(gap.startMs / 1000).toFixed(2)} s to ${gap.endMs === null ? 'the end' : `${(gap.endMs / 1000).toFixed(2)} s`}: ${gap.droppedRequests} requests and ${gap.droppedCommands} commands were dropped (${gap.reason})`);
  }
  for (const [code, count] of port.errors) {
    if (code === 'oom' || code === 'disconnected') continue;
    warnings.push(`${count} command${count === 1 ? '' : 's'} failed: ${port.errorMessages.get(code) ?? code}`);
  }
  if (parts.droppedTailEvents > 0) warnings.push(`${parts.droppedTailEvents} loads or delayed invalidations still pending 30 s after the last request were not sent`);
  if (truth.totals.restarts > 0) warnings.push(`The server restarted ${truth.totals.restarts} time(s) during the run (INFO run_id changed); counters were carried across`);
  // Not after a failure: the last INFO then predates the last replies (the server stopped answering).
  if (clientHits + clientMisses > 1000 && Math.abs(totals.keyspaceHits - clientHits) > 0.01 * (clientHits + clientMisses) && truth.totals.restarts === 0 && !parts.fatal) {
    warnings.push(`INFO counted ${totals.keyspaceHits} hits where the run saw ${clientHits}: other clients are probably using the server; per-namespace figures are the run's own`);
  }
  const commands = Object.fromEntries(LIVE_COMMANDS.map((name, i) => {
    const h = port.commandLatency[i];
    return [name, {
      count: h.count, errors: port.commandErrors[i],
      p50Ms: h.valueAtPercentile(50) / US_PER_MS, p99Ms: h.valueAtPercentile(99) / US_PER_MS, meanMs: h.mean / US_PER_MS, maxMs: h.max / US_PER_MS,
    }];
  })) as Record<LiveCommand, CommandLatency>;
  const error = parts.fatal ? { code: parts.fatal.code, message: parts.fatal.message } : undefined;
  if (error && !warnings.includes(error.message)) warnings.unshift(error.message);
  const origin = client.origin;
  return {
    version: RUN_RESULT_VERSION,
    engine: 'live',
    design: { name: plan.designName, environment: plan.environment, seed: plan.seed },
    requests: client.requests,
    partial: parts.partial,
    durationMs,
    cache: {
      reads: totals.keyspaceHits + totals.keyspaceMisses,
      hits: totals.keyspaceHits,
      misses: totals.keyspaceMisses,
      hitRatio: ratio(totals.keyspaceHits, totals.keyspaceHits + totals.keyspaceMisses),
      evictedKeys: totals.evictedKeys,
      expiredKeys: totals.expiredKeys,
      // INFO does not split lazy and active expiry.
      expiredLazy: 0,
      expiredActive: totals.expiredKeys,
      usedMemoryBytes: info.usedMemory,
      peakMemoryBytes: Math.max(truth.peakMemory, info.usedMemory),
      maxmemoryBytes: info.maxmemory,
      oomRejections: oom,
      staleReads: sum(client.staleReads),
      keys: info.keys,
      sets: client.sets,
      deletes: client.deletes,
    },
    latency: latencyMetrics(parts.latency),
    origin: {
      queries: origin.queries,
      queriesPerSecMean: origin.queries / durationSec,
      queriesPerSecPeak: truth.series.reduce((peak, s) => Math.max(peak, s.originQueriesPerSec), 0),
      peakConcurrency: origin.peakConcurrency,
      maxConcurrency: plan.origin.maxConcurrency,
      queuedMs: origin.queuedMs,
      duplicateLoads: client.duplicateLoads,
    },
    network: { bytesToRedis: client.bytesToRedis, bytesFromRedis: client.bytesFromRedis, bitsPerSec: ((client.bytesToRedis + client.bytesFromRedis) * 8) / durationSec },
    namespaces,
    series: truth.series,
    departures,
    warnings,
    live: {
      ...details,
      pipelineDepth: ctx.pipelineDepth,
      pacing: {
        lagP50Ms: lag.valueAtPercentile(50) / US_PER_MS, lagP99Ms: lagP99, lagMaxMs: lagMax, lateRequests: sequencer.lateRequests,
        achievedRequestsPerSec: client.requests / parts.wallSec, commandsPerSec: port.commands / parts.wallSec,
      },
      commands,
      gaps: parts.gaps.gaps,
      errors: Object.fromEntries(port.errors),
      clientHits,
      clientMisses,
      serverRestarts: truth.totals.restarts,
      infoSamples: truth.infoSamples,
      clientMemoryBytes: info.memClientsNormal,
      clientMemoryMeanBytes: truth.infoSamples > 0 ? truth.clientMemorySum / truth.infoSamples : info.memClientsNormal,
      baselineMemoryBytes: ctx.firstInfo.usedMemory,
      baselineClientMemoryBytes: ctx.firstInfo.memClientsNormal,
    },
    ...(error ? { error } : {}),
  };
}

export function latencyMetrics(histogram: LatencyHistogram): LatencyMetrics {
  return {
    p50Ms: histogram.valueAtPercentile(50) / US_PER_MS,
    p95Ms: histogram.valueAtPercentile(95) / US_PER_MS,
    p99Ms: histogram.valueAtPercentile(99) / US_PER_MS,
    p999Ms: histogram.valueAtPercentile(99.9) / US_PER_MS,
    meanMs: histogram.mean / US_PER_MS,
    maxMs: histogram.max / US_PER_MS,
    histogram: histogram.toBuckets().map((b) => ({ upToMs: b.upToUs / US_PER_MS, count: b.count })),
  };
}
