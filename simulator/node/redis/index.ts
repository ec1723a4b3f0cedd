/**
 * The live engine's Redis foundation: managed redis-server processes and clusters, connection
 * targets, classified errors, and the safety rules for runs against a user's server.
 */
export {
  findRedisServer, readRedisVersion, parseRedisVersion, versionAtLeast,
  RedisBinaryNotFoundError, REDIS_SERVER_ENV,
} from './binary';
export type { FindRedisServerOptions, RedisServerBinary, RedisVersion } from './binary';

export { startManagedRedis, ManagedRedisStartError } from './managed-server';
export type { ManagedRedis, ManagedRedisOptions } from './managed-server';
export { validateServerSettings } from './server-config';
export type { AclUser, SentinelMonitor, ServerSettings } from './server-config';
export { killAllManagedSync, managedServerPids, WATCHDOG_NAME } from './orphan-guard';
export { isProcessAlive, waitForProcessExit, listChildProcesses } from './processes';
export type { ProcessRow } from './processes';

export { startManagedCluster } from './managed-cluster';
export type { ManagedCluster, ManagedClusterNode, ManagedClusterOptions } from './managed-cluster';
export { evenSlotRanges, CLUSTER_SLOTS } from './slots';
export type { SlotRange } from './slots';

export {
  ALLOW_PASSWORD_ENV_VARIABLE, allowedPasswordEnvNames, checkPasswordEnv, ENV_NAME, NO_PASSWORD_ENV, passwordEnvOf, passwordEnvRefusal,
} from './password-env';
export type { PasswordEnv, PasswordEnvPolicy } from './password-env';
export { TargetSchema, parseTarget, describeTarget, resolvePassword, redactUrl, withPasswordEnv } from './target';
export type { Target, TargetInput, TargetKind, TargetOrigin, TargetTls } from './target';
export { buildRedisOptions, buildClusterOptions, createTargetClient, createRetryStrategy, backoffDelayMs, loadTls } from './client-options';
export type { DataConnectionExtras, ResolvedSecrets, RetryPolicy } from './client-options';
export { connectTarget } from './connect';
export type { ConnectOptions, TargetConnection } from './connect';

export { classifyRedisError, CONNECTION_CLOSED, isClusterNodeLostError, isConnectionClosedError, RedisTargetError } from './errors';
export type { ErrorContext, RedisErrorCode } from './errors';

export { checkClusterHealth } from './cluster-health';
export { DeadlineExceededError, formatMs, LIVE_DEADLINES, TimeBudget, withDeadline } from './deadline';

export { RunGuard, runPrefix } from './safety';
export type { AnyClient, RunGuardOptions } from './safety';
export { ConfigJournal, JournalEntrySchema, journalDir } from './config-journal';
export type { JournalEntry, JournalNode } from './config-journal';
export { recoverLeftovers } from './recovery';
export type { RecoveryOptions, RecoveryReport } from './recovery';
export { identifyNodes } from './server-identity';
export type { NodeIdentity } from './server-identity';
export {
  CONTAINER_IMAGE, CONTAINER_LABEL, containersLabelled, DockerUnavailableError, RUN_LABEL, removeContainersLabelled, dockerCommand, dockerEngineVersion, isImageReference, removeLeftoverContainers, startContainerRedis, withContainerRedis,
} from './container';
export type { ContainerOptions, ContainerRedis } from './container';
export { startManagedSentinelSet } from './managed-sentinel';
export type { ManagedSentinelOptions, ManagedSentinelSet, SetServer } from './managed-sentinel';
