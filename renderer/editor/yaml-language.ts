/**
 * The YAML language server (monaco-yaml) on the design: completion and hover docs from the design's
 * JSON Schema (the same one `npm run schema` writes). Its own validation is off: problems are the
 * model's, worded as the CLI words them (see YamlEditor).
 */
import { configureMonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import { designJsonSchema } from '../../simulator/model';
import { DESIGN_MODEL_URI } from './load';
import type { Monaco } from './load';

/** Where a design's `$schema: ./design.schema.json` resolves from the model's URI. */
const SCHEMA_URI = 'file:///workbench/design.schema.json';

interface LegacyWorkerOptions { createData?: unknown; host?: Record<string, (...args: unknown[]) => unknown>; keepIdleModels?: boolean }

/**
 * monaco-yaml 5.5 (through monaco-worker-manager) creates its worker with Monaco's old
 * `createWebWorker({ moduleId, label, createData })`; Monaco 0.57 takes `{ worker }` and expects
 * the creation data as the worker's second message (as its own JSON worker does). This adapts one
 * call to the other; everything else is Monaco's.
 */
function withLegacyWorkers(monaco: Monaco): Monaco {
  const createWebWorker = (options: LegacyWorkerOptions) => {
    const worker = new YamlWorker();
    worker.postMessage('ignore');
    worker.postMessage(options.createData);
    return monaco.editor.createWebWorker({ worker, host: options.host, keepIdleModels: options.keepIdleModels });
  };
  return { ...monaco, editor: { ...monaco.editor, createWebWorker } } as unknown as Monaco;
}

export function configureDesignYaml(monaco: Monaco): void {
  configureMonacoYaml(withLegacyWorkers(monaco) as unknown as Parameters<typeof configureMonacoYaml>[0], {
    enableSchemaRequest: false,
    validate: false,
    completion: true,
    hover: true,
    schemas: [{ uri: SCHEMA_URI, fileMatch: [DESIGN_MODEL_URI], schema: designJsonSchema() as never }],
  });
}
