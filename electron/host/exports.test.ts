import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS_DIR, testServices } from './test-support';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const s = testServices();
afterAll(() => s.dispose());

describe('export', () => {
  it('previews every exported file with an editor language', async () => {
    const files = await s.previewExport({ text: CATALOG, environment: 'staging' });
    expect(files.map((f) => f.path)).toContain('redis.conf');
    expect(files.find((f) => f.path === 'keyspace-cache.ts')?.language).toBe('typescript');
    for (const file of files) expect(file.text.length).toBeGreaterThan(0);
  });

  it('writes the files into a directory of the workspace', async () => {
    const { written } = await s.saveExport({ text: CATALOG, directory: 'out' });
    expect(written.length).toBeGreaterThan(3);
    for (const path of written) expect(path.startsWith(join(s.workspaceDir, 'out'))).toBe(true);
    expect(readFileSync(join(s.workspaceDir, 'out', 'redis.conf'), 'utf8')).toMatch(/maxmemory/);
  });

  it('refuses an environment the design does not have', async () => {
    await expect(s.previewExport({ text: CATALOG, environment: 'qa' })).rejects.toMatchObject({ code: 'bad-input' });
  });
});
