/**
 * The server profiles: one data file each, looked up by `server.version`. To add one, see README
 * "Server versions" (record a fixture, copy the nearest profile, change what the fixture shows).
 */
import type { ServerProfile } from './profile-schema';
import { serverProfileSchema } from './profile-schema';
import { REDIS_7_0 } from './redis-7.0';
import { REDIS_7_2 } from './redis-7.2';
import { REDIS_7_4 } from './redis-7.4';
import { VALKEY_8_0 } from './valkey-8.0';

/** Every profile by id; the first is the default. */
export const PROFILES = {
  'redis-7.0': REDIS_7_0,
  'redis-7.2': REDIS_7_2,
  'redis-7.4': REDIS_7_4,
  'valkey-8.0': VALKEY_8_0,
} as const satisfies Record<string, ServerProfile>;

export type ServerVersion = keyof typeof PROFILES;

/** The ids `server.version` accepts, default first. */
export const SERVER_VERSIONS = Object.keys(PROFILES) as [ServerVersion, ...ServerVersion[]];

export const DEFAULT_SERVER_VERSION: ServerVersion = 'redis-7.0';

/** The profile of a version (the default when absent). */
export function profileOf(version: ServerVersion | undefined): ServerProfile {
  return PROFILES[version ?? DEFAULT_SERVER_VERSION];
}

/**
 * Why `policy` cannot run on `version`, or null: each profile lists the maxmemory-policy values
 * its server accepts; `exact-lru` is the simulator's own reference and runs on every profile.
 */
export function policyProblem(policy: string, version: ServerVersion | undefined, profile: ServerProfile = profileOf(version)): string | null {
  if (policy === 'exact-lru' || profile.policies.includes(policy)) return null;
  return `maxmemory-policy "${policy}" does not exist in ${profile.id} (${profile.measuredOn}); it accepts ${profile.policies.join(', ')}`;
}

/** The profile of the server INFO describes (server_name, version), or null when none models it. */
export function matchProfile(serverName: string, version: string): ServerProfile | null {
  const name = serverName || 'redis';
  return Object.values(PROFILES).find((profile) => profile.serverName === name && version.startsWith(`${profile.versionPrefix}.`)) ?? null;
}

export { serverProfileSchema, REDIS_7_0 };
export type { ServerProfile };
