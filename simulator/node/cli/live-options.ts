/**
 * CLI flags of the live engine: `--engine live [--managed | --managed-cluster N | --redis <url> | --container [--image NAME]]
 * [--allow-nonempty] [--allow-eviction-risk] [--speed N|auto|max]` (--speed: run/time-scale.ts). The password of a user's server comes from the URL given
 * on the command line or from `--password-env NAME`, never from the design. The variable's name
 * travels with the target and is read when connecting, so it works with every URL form
 * (cluster:// and redis-sentinel:// host lists included).
 */
import { parseSpeed } from '../../run';
import { newLiveRunId } from '../live';
import type { LiveEngineOptions } from '../live';
import { CONTAINER_IMAGE, isImageReference, parseTarget, RedisTargetError } from '../redis';
import type { Target } from '../redis';
import type { ParsedArgs } from './args';
import { flag, intFlag, UsageError } from './args';
import { cliPasswordEnv } from './password-env';

export const LIVE_FLAGS = {
  engine: { value: true }, managed: { value: false }, 'managed-cluster': { value: true }, redis: { value: true },
  'allow-nonempty': { value: false }, speed: { value: true }, 'redis-server': { value: true }, 'password-env': { value: true },
  container: { value: false }, image: { value: true }, 'allow-eviction-risk': { value: false },
} as const;

/** Null for the simulator; the live engine's options otherwise. */
export function liveOptionsOf(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): LiveEngineOptions | null {
  const engine = flag(args, 'engine') ?? 'sim';
  if (engine !== 'sim' && engine !== 'live') throw new UsageError(`--engine ${engine}: use sim (the embedded simulator) or live (a real Redis)`);
  const liveOnly = ['managed', 'managed-cluster', 'redis', 'container', 'image', 'allow-nonempty', 'allow-eviction-risk', 'speed', 'password-env'].filter((name) => flag(args, name) !== undefined);
  if (engine === 'sim') {
    if (liveOnly.length > 0) throw new UsageError(`--${liveOnly[0]} needs --engine live`);
    return null;
  }
  const chosen = ['managed', 'managed-cluster', 'redis', 'container'].filter((name) => flag(args, name) !== undefined);
  if (chosen.length > 1) throw new UsageError(`choose one target: --${chosen.join(' or --')}`);
  containerImageOf(args);
  const speedText = flag(args, 'speed');
  const speed = speedText === undefined ? undefined : parseSpeed(speedText);
  if (speed === null) throw new UsageError(`--speed ${speedText}: use a factor like 1x, 10x, auto or max`);
  const common = { redisServerPath: flag(args, 'redis-server'), speed };
  const url = flag(args, 'redis');
  if (url) {
    const passwordEnv = passwordEnvFlagOf(args, url, env);
    return {
      ...common,
      runId: newLiveRunId(),
      target: {
        url, allowNonEmpty: flag(args, 'allow-nonempty') !== undefined, allowEvictionRisk: flag(args, 'allow-eviction-risk') !== undefined,
        ...(passwordEnv ? { passwordEnv } : {}),
      },
      // A passwordEnv= in the URL must name a variable the command line allows (see password-env.ts).
      passwords: cliPasswordEnv(passwordEnv, env),
    };
  }
  if (flag(args, 'allow-nonempty') !== undefined) throw new UsageError('--allow-nonempty applies to --redis <url> (a managed server starts empty)');
  if (flag(args, 'allow-eviction-risk') !== undefined) throw new UsageError('--allow-eviction-risk applies to --redis <url> (a managed server holds only the run\'s keys)');
  const shards = intFlag(args, 'managed-cluster', 1, 16);
  if (shards !== undefined) return { ...common, target: 'managed-cluster', shards };
  return { ...common, target: 'managed' };
}

/** The image of `--container` (`--image NAME`, default redis:7), checked; undefined without --container. */
export function containerImageOf(args: ParsedArgs): string | undefined {
  const image = flag(args, 'image');
  if (flag(args, 'container') === undefined) {
    if (image !== undefined) throw new UsageError('--image applies to --container');
    return undefined;
  }
  if (image !== undefined && !isImageReference(image)) throw new UsageError(`--image ${image}: not an image name; use a reference like redis:7 or registry.example.com/team/redis:7.2`);
  return image ?? CONTAINER_IMAGE;
}

/** A `--redis` URL, validated: a bad URL is a usage error naming the forms that work. */
export function targetOfUrl(url: string): Target {
  try {
    return parseTarget(url);
  } catch (error) {
    if (error instanceof RedisTargetError) throw new UsageError(`--redis: ${error.message}`);
    throw error;
  }
}

/** `--password-env NAME`, checked: the variable is set, and the URL carries no password of its own. */
export function passwordEnvFlagOf(args: ParsedArgs, url: string, env: NodeJS.ProcessEnv): string | undefined {
  const target = targetOfUrl(url);
  const passwordEnv = flag(args, 'password-env');
  if (passwordEnv === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv)) throw new UsageError(`--password-env ${passwordEnv}: expected an environment variable name such as REDIS_PASSWORD`);
  if (env[passwordEnv] === undefined || env[passwordEnv] === '') throw new UsageError(`--password-env ${passwordEnv}: the variable is not set (export ${passwordEnv}=… first)`);
  if (target.password !== undefined || target.passwordEnv !== undefined) throw new UsageError(`--password-env ${passwordEnv}: the --redis URL already names a password; give it one way only`);
  return passwordEnv;
}
