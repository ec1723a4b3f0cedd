/** The worker pool's one entry (worker-pool.ts): it does PoolJobs (pool-jobs.ts). */
import { runPoolJob } from './pool-jobs';
import { serveJobs } from './pool-worker';

serveJobs(runPoolJob);
