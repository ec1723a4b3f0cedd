/**
 * The live run's RunResult: the client's counters (the same as the simulator's), the server's
 * (INFO, as last sampled), the pacing, the gaps and the errors, with the warnings they call for.
 */
import type { LatencyHistogram } from '../../metrics';
import { RUN_RESULT_VERSION } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
import type { RedisTargetError } from '../redis';
import type { ConnectionGaps } from './connection-gaps';
import type { CommandLatency, LiveCommand, LiveRunContext, LiveRunResult, SessionDetails } from './live-types';
import { LIVE_COMMANDS, US_PER_MS } from './live-types';
import type { PipePort } from './pipe-port';
import type { Sequencer } from './sequencer';
import type { ServerTruth } from './server-truth';
import { clientWarnings, latencyMetrics, namespaceMetrics, networkMetrics, originMetrics, ratio, sum } from '../../run/client-result';

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
  /** The design's rate limiters ran on the server: their scripts' reads count in INFO's keyspace hits and misses. */
  limitersRan?: boolean;
}

export function liveRunResult(parts: LiveRunParts, details: SessionDetails, departures: string[]): LiveRunResult {
  const { ctx, client, sequencer, port, truth, durationMs } = parts;
  const plan = ctx.plan;
  const durationSec = Math.max(durationMs, 1) / 1000;
  client.flushLatency();
  const infoTotals = truth.totals.totals();
  // With limiters, hits and misses are the cache's GETs as the client took them (INFO's add the limiters' reads).
  const totals = parts.limitersRan ? { ...infoTotals, keyspaceHits: sum(sequencer.hits), keyspaceMisses: sum(sequencer.misses) } : infoTotals;
  const info = truth.latestInfo;
  const clientHits = sum(sequencer.hits);
  const clientMisses = sum(sequencer.misses);
  const namespaces = namespaceMetrics(plan, client, sequencer.hits, sequencer.misses, null);
  const oom = sum(client.oomRejections);
  const warnings = [...parts.warnings, ...clientWarnings(plan, client, oom, info.maxmemoryPolicy || plan.server.policy, port.errorMessages.get('oom'))];
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
    origin: originMetrics(plan, client, durationSec, truth.series.reduce((peak, s) => Math.max(peak, s.originQueriesPerSec), 0)),
    network: networkMetrics(client, durationSec),
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
