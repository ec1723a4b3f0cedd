import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEW_PROJECT_TEXT } from '../electron/host';
import { nextEvent, testServices } from '../electron/host/test-support';

const outdir = mkdtempSync(join(tmpdir(), 'kw-electron-build-'));
const services: Array<ReturnType<typeof testServices>> = [];
afterAll(() => Promise.all(services.map((s) => s.dispose())));

describe('build-electron', () => {
  it('bundles main, preload and the run worker as CommonJS with electron left external', () => {
    const printed = execFileSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', outdir], { encoding: 'utf8' });
    for (const name of ['main', 'preload', 'run-worker']) expect(printed).toContain(join(outdir, `${name}.cjs`));
    const main = readFileSync(join(outdir, 'main.cjs'), 'utf8');
    expect(main).toMatch(/require\("electron"\)/);
    expect(main).not.toMatch(/import\.meta/);
    const preload = readFileSync(join(outdir, 'preload.cjs'), 'utf8');
    expect(preload).toMatch(/exposeInMainWorld\("workbench"/);
    // A sandboxed preload may require only electron (and a few builtins): everything else is inlined.
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((name) => name !== 'electron')).toEqual([]);
  }, 60_000);

  it('runs a design on the bundled worker, as the packaged app does', async () => {
    const s = testServices({ workerFile: join(outdir, 'run-worker.cjs') });
    services.push(s);
    const ended = nextEvent(s, 'onDidRunEnd');
    const { runId } = await s.startRun({ text: NEW_PROJECT_TEXT, requests: 50_000 });
    expect((await ended).summary.status).toBe('done');
    expect((await s.getRun({ runId })).result?.requests).toBe(50_000);
  }, 60_000);
});
