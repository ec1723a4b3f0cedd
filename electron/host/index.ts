/**
 * The workbench services: everything the UI asks of its host, Node-only and Electron-free, so the
 * desktop app and browser mode share one implementation.
 */
export { createWorkbenchServices, safeTraceName } from './services';
export { ServiceError } from './errors';
export { contentTypeOf, resolveStaticFile } from './static-files';
export type { ServiceErrorCode } from './errors';
export { leadingComment, describePreset } from './presets';
export { NEW_PROJECT_TEXT } from './new-project';
export type { EventListener, WorkbenchEventMap, WorkbenchMethods, WorkbenchServices, WorkbenchServicesOptions } from './types';
export { defaultRunLimits, RunQueue } from './run-queue';
export type { RunQueueLimits } from './run-queue';
export { TraceBudget } from './trace-uploads';
export { WorkerPool } from './worker-start';
export { EventHub } from './events';
export { MAX_MANAGED_PROCESSES } from './managed';
