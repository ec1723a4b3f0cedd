/**
 * What the person launching the desktop app decides on its command line, out of the renderer's
 * reach: `--allow-password-env=NAME` (or `--allow-password-env NAME`, repeatable) names an
 * environment variable a Redis connection may send as its password; KEYSPACE_ALLOW_PASSWORD_ENV
 * (a comma list) adds more. Nothing is allowed by default.
 */
import { allowedPasswordEnvNames } from '../../simulator/node/redis';

const SWITCH = '--allow-password-env';

/** The allowed password variables; throws an Error naming a bad value. */
export function allowedPasswordEnvOf(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith(`${SWITCH}=`)) given.push(arg.slice(SWITCH.length + 1));
    else if (arg === SWITCH) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) throw new Error(`${SWITCH} needs a variable name, e.g. ${SWITCH}=REDIS_PASSWORD`);
      given.push(next);
      i++;
    }
  }
  return allowedPasswordEnvNames(given, env, SWITCH);
}
