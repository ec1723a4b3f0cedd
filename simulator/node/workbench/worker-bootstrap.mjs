// Development entry of the run worker: registers tsx's loader in this thread, then loads the
// TypeScript worker (`execArgv: ['--import', 'tsx']` does not reach worker threads on Node 20).
// The packaged app starts the bundled dist/electron/run-worker.cjs instead.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
