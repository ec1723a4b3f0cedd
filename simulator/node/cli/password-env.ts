/**
 * The CLI's rule for Redis passwords held in environment variables: the person typing the command
 * allows the variable they name with `--password-env NAME`, and those KEYSPACE_ALLOW_PASSWORD_ENV
 * lists (comma-separated, for scripts and CI). A `passwordEnv=` in a --redis URL, which may have
 * been pasted from a ticket or a colleague, must name one of those; any other is refused before
 * anything is sent.
 */
import { ALLOW_PASSWORD_ENV_VARIABLE, allowedPasswordEnvNames, passwordEnvOf } from '../redis';
import type { PasswordEnv } from '../redis';
import { UsageError } from './args';

/** The allow-list of one command and the values of just those variables. */
export function cliPasswordEnv(passwordEnvFlag: string | undefined, env: NodeJS.ProcessEnv): PasswordEnv {
  let allowed: string[];
  try {
    allowed = allowedPasswordEnvNames(passwordEnvFlag === undefined ? [] : [passwordEnvFlag], env, '--password-env');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return passwordEnvOf({ allowed, howToAllow: `name it with --password-env NAME (or list it in ${ALLOW_PASSWORD_ENV_VARIABLE})` }, env);
}
