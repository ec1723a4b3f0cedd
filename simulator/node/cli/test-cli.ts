/**
 * Test support: `keyspace <argv>` called in-process the way the binary calls it (main() with
 * captured output), for the CLI's tests. No test-framework imports, so it type-checks with the code.
 */
import { main } from './main';

/** The exit code and what the command printed on stdout and stderr. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), tty: null });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
