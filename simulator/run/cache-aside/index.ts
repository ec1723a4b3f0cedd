/** The application's cache-aside client, shared by the simulated and the live engine. */
export { CacheAsideClient, DELETE_KEY, DELETE_NAMESPACE, LOAD_DONE, PERSIST, SET_FRESH } from './client';
export { ModelPort } from './model-port';
export type { CachePort } from './port';
export { FAILED, HIT, MISS, PENDING, REFUSED, REPLY_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, SET_EXTRA_BYTES, STORED } from './port';
