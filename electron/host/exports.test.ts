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

describe('the report\'s miss-ratio curve', () => {
  it('is the curve missRatioCurve gives the app, when asked for', async () => {
    const curve = await s.missRatioCurve({ text: CATALOG, environment: 'staging' });
    const files = await s.previewExport({ text: CATALOG, environment: 'staging', curve: true });
    const md = files.find((f) => f.path === 'report.md')?.text ?? '';
    const html = files.find((f) => f.path === 'report.html')?.text ?? '';
    expect(html).toContain('data-chart="miss-ratio-curve"');
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    for (const [i, point] of curve.points.entries()) {
      expect(md).toContain(`| ${mb(point.maxmemoryBytes)} | ${(point.hitRatio * 100).toFixed(2)}% | ${(curve.reference.points[i].hitRatio * 100).toFixed(2)}% |`);
    }
    const plain = await s.previewExport({ text: CATALOG, environment: 'staging' });
    expect(plain.find((f) => f.path === 'report.html')?.text).not.toContain('miss-ratio-curve');
  }, 60_000);
});
