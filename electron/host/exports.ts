/**
 * Export preview and save, through simulator/export. That module is loaded on first use, so the
 * rest of the workbench keeps working when it is missing or broken: export then fails with
 * `unavailable` and says why.
 */
import { join } from 'node:path';
import { messageOf, ServiceError } from './errors';
import { loadDesignText } from './design-text';
import { writeFileAtomic } from './files';
import type * as ExportApi from '../../simulator/export';
import type { ExportFilePreview } from '../common';

type ExportModule = typeof ExportApi;

const LANGUAGES: Record<string, string> = {
  env: 'ini', conf: 'plaintext', compose: 'yaml', ts: 'typescript', python: 'python', alerts: 'yaml', report: 'html', md: 'markdown',
};

let loaded: Promise<ExportModule> | undefined;

async function exportModule(): Promise<ExportModule> {
  loaded ??= import('../../simulator/export');
  try {
    return await loaded;
  } catch (error) {
    loaded = undefined;
    throw new ServiceError('unavailable', `Export is not available in this build: ${messageOf(error)}`);
  }
}

export async function previewExport(text: string, environment: string | undefined): Promise<ExportFilePreview[]> {
  const design = loadDesignText(text);
  const env = environment ?? design.defaultEnvironment;
  if (!design.environments.includes(env)) {
    throw new ServiceError('bad-input', `environment "${env}" is not in the design; choose one of ${design.environments.join(', ')}`);
  }
  const { exportDesign } = await exportModule();
  const outcome = exportDesign(design, { environment: env });
  return outcome.files.map((file) => ({ path: file.path, language: LANGUAGES[file.format] ?? 'plaintext', text: file.text }));
}

/** Writes every exported file into `directory` (already resolved and, in browser mode, confined). */
export async function saveExport(text: string, environment: string | undefined, directory: string): Promise<string[]> {
  const files = await previewExport(text, environment);
  const written: string[] = [];
  for (const file of files) {
    const path = join(directory, file.path);
    try {
      await writeFileAtomic(path, file.text);
    } catch (error) {
      throw new ServiceError('io', `${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
    }
    written.push(path);
  }
  return written;
}
