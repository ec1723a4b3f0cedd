/**
 * Run by orphans.test.ts in a child node process: starts a managed server, prints its pids as one
 * JSON line, then ends the way argv[2] says ('hold' until killed, 'exit' without stopping the
 * server, 'throw' an uncaught exception) so the test can check that no server outlives us.
 */
import { startManagedRedis } from '../managed-server';

const mode = process.argv[2] ?? 'hold';
const server = await startManagedRedis();
process.stdout.write(`${JSON.stringify({ pid: server.pid, watchdogPid: server.watchdogPid, dir: server.dir })}\n`);
if (mode === 'exit') process.exit(0);
if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('deliberate uncaught exception');
  }, 20);
}
// Keep the process alive until the test kills it.
setInterval(() => undefined, 1000);
