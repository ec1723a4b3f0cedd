/**
 * CLI flags of the live engine: `--engine live [--managed | --managed-cluster N | --redis <url>]
 * [--allow-nonempty] [--allow-eviction-risk] [--speed N|max]`. The password of a user's server comes from the URL given
 * on the command line or from `--password-env NAME`, never from the design.
 */
import type { LiveEngineOptions } from '../live';
import type { ParsedArgs } from './args';
import { flag, intFlag, UsageError } from './args';

export const LIVE_FLAGS = {
  engine: { value: true }, managed: { value: false }, 'managed-cluster': { value: true }, redis: { value: true },
  'allow-nonempty': { value: false }, speed: { value: true }, 'redis-server': { value: true }, 'password-env': { value: true },
  container: { value: false }, 'allow-eviction-risk': { value: false },
} as const;

/** Null for the simulator; the live engine's options otherwise. */
export function liveOptionsOf(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): LiveEngineOptions | null {
  const engine = flag(args, 'engine') ?? 'sim';
  if (engine !== 'sim' && engine !== 'live') throw new UsageError(`--engine ${engine}: use sim (the embedded simulator) or live (a real Redis)`);
  const liveOnly = ['managed', 'managed-cluster', 'redis', 'container', 'allow-nonempty', 'allow-eviction-risk', 'speed', 'password-env'].filter((name) => flag(args, name) !== undefined);
  if (engine === 'sim') {
    if (liveOnly.length > 0) throw new UsageError(`--${liveOnly[0]} needs --engine live`);
    return null;
  }
  const chosen = ['managed', 'managed-cluster', 'redis', 'container'].filter((name) => flag(args, name) !== undefined);
  if (chosen.length > 1) throw new UsageError(`choose one target: --${chosen.join(' or --')}`);
  const speedText = flag(args, 'speed');
  let speed: number | 'max' | undefined;
  if (speedText !== undefined) {
    const match = /^(\d+(?:\.\d+)?)x?$/.exec(speedText);
    if (speedText === 'max') speed = 'max';
    else if (match && Number(match[1]) > 0) speed = Number(match[1]);
    else throw new UsageError(`--speed ${speedText}: use a factor like 1x, 10x, or max`);
  }
  const common = { redisServerPath: flag(args, 'redis-server'), speed };
  const url = flag(args, 'redis');
  if (url) {
    const passwordEnv = flag(args, 'password-env');
    if (passwordEnv && env[passwordEnv] === undefined) throw new UsageError(`--password-env ${passwordEnv}: the variable is not set`);
    const withPassword = passwordEnv ? withUrlPassword(url, env[passwordEnv] ?? '') : url;
    return {
      ...common,
      target: { url: withPassword, allowNonEmpty: flag(args, 'allow-nonempty') !== undefined, allowEvictionRisk: flag(args, 'allow-eviction-risk') !== undefined },
    };
  }
  if (flag(args, 'allow-nonempty') !== undefined) throw new UsageError('--allow-nonempty applies to --redis <url> (a managed server starts empty)');
  if (flag(args, 'allow-eviction-risk') !== undefined) throw new UsageError('--allow-eviction-risk applies to --redis <url> (a managed server holds only the run\'s keys)');
  const shards = intFlag(args, 'managed-cluster', 1, 16);
  if (shards !== undefined) return { ...common, target: 'managed-cluster', shards };
  return { ...common, target: 'managed' };
}

function withUrlPassword(url: string, password: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = encodeURIComponent(password);
    return parsed.toString();
  } catch {
    throw new UsageError(`--redis ${url}: not a URL; use redis://host:port/db, rediss://…, redis-sentinel://…, cluster://…`);
  }
}
