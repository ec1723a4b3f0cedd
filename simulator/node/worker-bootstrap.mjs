// Development entry of a TypeScript worker (the workbench's run worker in electron/host, the CLI's
// trace parser): registers tsx's loader in this thread, then loads `workerData.entry`
// (`execArgv: ['--import', 'tsx']` does not reach worker threads on Node 20).
// The packaged app starts the bundled dist/electron/run-worker.cjs instead.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
