/**
 * `keyspace cleanup --redis <url> [--password-env NAME]` — undoes what killed live runs left on a
 * server, from the CONFIG journal in the per-user data directory: the settings they changed go
 * back to their originals and the keys under their run prefixes are deleted. Runs that are still
 * going are left alone. The next live run on the server does the same by itself; this command is
 * for when no run is coming.
 */
import { ConfigJournal, connectTarget, recoverLeftovers, RedisTargetError } from '../redis';
import type { TargetConnection } from '../redis';
import { flag, parseArgs, UsageError } from './args';
import { passwordEnvFlagOf, targetOfUrl } from './live-options';
import type { Io } from './main';
import { cliPasswordEnv } from './password-env';

export async function cleanupCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, { redis: { value: true }, 'password-env': { value: true } });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; name the server with --redis <url>`);
  const url = flag(args, 'redis');
  if (!url) throw new UsageError('name the server: keyspace cleanup --redis redis://host:6379/0 [--password-env NAME]');
  const passwordEnv = passwordEnvFlagOf(args, url, env);
  const target = { ...targetOfUrl(url), ...(passwordEnv ? { passwordEnv } : {}) };
  const journal = ConfigJournal.forEnv(env);
  let connection: TargetConnection;
  try {
    connection = await connectTarget(target, { passwords: cliPasswordEnv(passwordEnv, env), connectionName: 'keyspace-cleanup' });
  } catch (error) {
    io.err(`keyspace cleanup: ${(error as Error).message}`);
    return 2;
  }
  try {
    const report = await recoverLeftovers(connection.client, { journal });
    for (const line of report.lines) io.out(line);
    if (report.lines.length === 0) io.out(`nothing to clean on ${connection.description}: the journal (${journal.dir}) holds no run of this server`);
    if (report.failed > 0) {
      io.err(`keyspace cleanup: ${report.failed} run${report.failed === 1 ? '' : 's'} could not be undone (see above); fix the cause and run it again`);
      return 2;
    }
    return 0;
  } catch (error) {
    const message = error instanceof RedisTargetError ? error.message : connection.classify(error).message;
    io.err(`keyspace cleanup: ${message}`);
    return 2;
  } finally {
    await connection.close();
  }
}
