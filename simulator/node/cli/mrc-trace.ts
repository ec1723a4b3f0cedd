/**
 * `keyspace mrc design.yaml --trace keys.txt [--sample-rate R]`: the design's hit ratio on a key
 * trace at several maxmemory values, in one streamed pass — the trace parsed once (or read from
 * the parsed-trace cache) while each size replays the same stream side by side; with a rate, the
 * sampled keys (SHARDS) at maxmemory scaled by it. The sizes: `points` values spaced geometrically
 * from 1/16 to 16× the design's maxmemory (move the range with --set server.maxmemory=…).
 */
import { writeOutputText } from '../input';
import type { RunPlan } from '../../run';
import { UsageError } from './args';
import { InputError } from './design-file';
import { bytes, pct, table } from './format';
import type { Io } from './main';
import { refuseRecordedTrace } from './trace-run';
import { canStream, streamTrace } from './trace-stream';

export interface TraceCurveOptions {
  points: number;
  sampleRate: number;
  targets: readonly number[];
  jsonOut?: string;
}

/** `points` maxmemory values from 1/16 to 16× `center`, geometrically spaced. */
export function traceCurveSizes(center: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => Math.round(center * 16 ** (points === 1 ? 0 : (2 * i) / (points - 1) - 1)));
}

export async function mrcTrace(plan: RunPlan, name: string, file: string, options: TraceCurveOptions, io: Io): Promise<number> {
  refuseRecordedTrace(file);
  if (plan.server.maxmemoryBytes === 0) throw new UsageError('mrc --trace spans 1/16 to 16× the design\'s maxmemory: give it one (--set server.maxmemory=64mb)');
  if (!canStream(plan)) throw new InputError([`${file}: mrc --trace streams the trace, which a design that prewarms its keys cannot`]);
  const sizes = traceCurveSizes(plan.server.maxmemoryBytes, options.points);
  const streamed = await streamTrace(plan, file, new AbortController().signal, undefined, options.sampleRate, sizes);
  if (streamed.corruptCache) return await mrcTrace(plan, name, file, options, io);
  if (streamed.requests === 0) throw new InputError([`${file}: the trace holds no request`]);
  const sampling = streamed.result?.sampling;
  io.out(`${name} — hit ratio on ${file} (${streamed.requests.toLocaleString('en-US')} requests${streamed.from === 'cache' ? ', read from the parsed-trace cache' : ''}) at ${sizes.length} sizes, ${plan.server.policy} with the design's TTLs and sizes`);
  if (sampling) io.out(`sampled: the ${sampling.sampledKeys.toLocaleString('en-US')} keys of a ${pct(sampling.rate)} spatial sample, maxmemory scaled to it; at the design's maxmemory the split-half error is ±${(sampling.hitRatioError * 100).toFixed(2)} pp`);
  io.out('');
  io.out(table([['maxmemory', 'hit ratio'], ...streamed.points.map((p) => [bytes(p.maxmemoryBytes), pct(p.hitRatio)])]));
  io.out('');
  const memoryFor = options.targets.map((hitRatio) => ({ hitRatio, maxmemoryBytes: streamed.points.find((p) => p.hitRatio >= hitRatio)?.maxmemoryBytes ?? null }));
  for (const target of memoryFor) {
    io.out(`memory for ${pct(target.hitRatio)}: ${target.maxmemoryBytes === null ? `not reached up to ${bytes(sizes[sizes.length - 1])} (raise --set server.maxmemory)` : bytes(target.maxmemoryBytes)}`);
  }
  if (options.jsonOut) {
    writeOutputText(options.jsonOut, `${JSON.stringify({ design: name, trace: file, method: 'trace-replay', policy: plan.server.policy, requests: streamed.requests, sampling: sampling ?? null, points: streamed.points, memoryFor }, null, 1)}\n`);
    io.out(`wrote ${options.jsonOut}`);
  }
  return 0;
}
