/** A pool worker (see pool/worker-pool.ts) that simulates one plan per job: simulateVariants' threads. */
import { serveJobs } from '../pool/pool-worker';
import { simulatePlan } from './simulate-plan';

serveJobs(simulatePlan);
