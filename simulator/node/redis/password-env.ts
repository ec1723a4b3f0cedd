/**
 * Which environment variables may be sent to a Redis as a password. The person who starts the
 * workbench (or types the CLI command) names them; no request, URL parameter, design or saved
 * connection can add one. A PasswordEnv holds the allowed names and the values of just those
 * variables, so a code path that only has a PasswordEnv cannot read any other variable: every
 * password a connection sends is resolved through `readPasswordEnv` (see target.ts
 * resolvePassword), and its default allows nothing.
 */
import { z } from 'zod';
import { RedisTargetError } from './errors';

/** What an environment variable name looks like (REDIS_PASSWORD, redis_pw_2). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The variable that lists allowed names (comma-separated), for every entry point. */
export const ALLOW_PASSWORD_ENV_VARIABLE = 'KEYSPACE_ALLOW_PASSWORD_ENV';

const EnvNameSchema = z.string().regex(ENV_NAME, 'must be an environment variable name such as REDIS_PASSWORD');

/** The allow-list as decided when the process started, and how its starter could extend it. */
export interface PasswordEnvPolicy {
  /** Allowed variable names, exact case. */
  readonly allowed: readonly string[];
  /** How to allow another variable, for refusal messages, e.g. `npm run serve -- --allow-password-env NAME`. */
  readonly howToAllow: string;
}

/** A policy with the values of its allowed variables that are set, and nothing else (plain data: it crosses to workers). */
export interface PasswordEnv extends PasswordEnvPolicy {
  readonly values: Readonly<Record<string, string>>;
}

/** Allows nothing: the default wherever no PasswordEnv is given. */
export const NO_PASSWORD_ENV: PasswordEnv = {
  allowed: [],
  howToAllow: `the program that opens the connection must allow it, e.g. ${ALLOW_PASSWORD_ENV_VARIABLE}=NAME`,
  values: {},
};

/**
 * The allowed names from flags (each one name) and from KEYSPACE_ALLOW_PASSWORD_ENV (a comma
 * list), validated and without duplicates. Throws an Error naming the bad entry and where it was.
 */
export function allowedPasswordEnvNames(flagValues: readonly string[], env: NodeJS.ProcessEnv, flagName: string): string[] {
  const given = [
    ...flagValues.map((name) => ({ name: name.trim(), where: `${flagName} ${name}` })),
    ...(env[ALLOW_PASSWORD_ENV_VARIABLE] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')
      .map((name) => ({ name, where: `${ALLOW_PASSWORD_ENV_VARIABLE} (${name})` })),
  ];
  const names: string[] = [];
  for (const { name, where } of given) {
    const result = EnvNameSchema.safeParse(name);
    if (!result.success) throw new Error(`${where}: ${result.error.issues[0]?.message ?? 'not a variable name'}`);
    if (!names.includes(result.data)) names.push(result.data);
  }
  return names;
}

/** The policy with the current values of its allowed variables (only those are copied). */
export function passwordEnvOf(policy: PasswordEnvPolicy, env: NodeJS.ProcessEnv): PasswordEnv {
  const values: Record<string, string> = {};
  for (const name of policy.allowed) {
    const value = env[name];
    if (value !== undefined) values[name] = value;
  }
  return { allowed: [...policy.allowed], howToAllow: policy.howToAllow, values };
}

/** The refusal for a name outside the allow-list; it names the variable, never a value. */
export function passwordEnvRefusal(name: string, policy: PasswordEnvPolicy): string {
  const allowed = policy.allowed.length === 0
    ? 'no environment variable may be sent as a Redis password'
    : `only ${policy.allowed.join(', ')} may be sent as a Redis password`;
  return `passwordEnv ${name} is not allowed: ${allowed}, as decided by whoever started the workbench or command. To allow ${name}: ${policy.howToAllow}.`;
}

/** Throws a 'config' RedisTargetError when a target names a password variable outside the policy. */
export function checkPasswordEnv(source: { passwordEnv?: string; sentinelPasswordEnv?: string }, policy: PasswordEnvPolicy): void {
  for (const name of [source.passwordEnv, source.sentinelPasswordEnv]) {
    if (name !== undefined && !policy.allowed.includes(name)) throw new RedisTargetError('config', passwordEnvRefusal(name, policy));
  }
}

/** The value of an allowed, set variable; a refusal or a "not set" error otherwise. */
export function readPasswordEnv(name: string, passwords: PasswordEnv): string {
  checkPasswordEnv({ passwordEnv: name }, passwords);
  const value = Object.hasOwn(passwords.values, name) ? passwords.values[name] : undefined;
  if (value === undefined || value === '') {
    throw new RedisTargetError('config', `The connection takes its password from the environment variable ${name}, but it is not set. Set it (export ${name}=…) before the run, or remove passwordEnv if the server has no password.`);
  }
  return value;
}
