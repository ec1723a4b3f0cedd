import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../simulator/model';
import { NEW_PROJECT_TEXT } from './new-project';
import { AUTOSAVE_LIMIT } from './projects';
import { openedServices, tempDir } from './test-support';

const { services, disposeAll } = openedServices();
afterAll(async () => {
  await disposeAll();
});

describe('presets', () => {
  it('lists every preset with its name, description and the story from its leading comment', async () => {
    const list = await services().listPresets();
    const catalog = list.find((preset) => preset.id === 'ecommerce-catalog');
    expect(catalog).toBeDefined();
    expect(catalog?.name).toBe('E-commerce catalogue (cache-aside)');
    expect(catalog?.description).toMatch(/cache-aside/);
    expect(catalog?.story).toMatch(/^E-commerce API, cache-aside product catalogue/);
    expect(catalog?.story).not.toMatch(/yaml-language-server/);
    expect(list.find((preset) => preset.id === 'slow-consumer-storm')?.hasPubsub).toBe(true);
    expect(catalog?.hasPubsub).toBe(false);
  });

  it('opens a preset as an unsaved copy and refuses ids that are not preset names', async () => {
    const s = services();
    const doc = await s.openPreset({ id: 'session-store' });
    expect(doc).toMatchObject({ path: null, presetId: 'session-store', name: 'Node.js session store' });
    expect(loadDesign(doc.text).ok).toBe(true);
    await expect(s.openPreset({ id: '../package' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.openPreset({ id: 'no-such-preset' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('projects', () => {
  it('starts a new project from a design that validates', async () => {
    const doc = await services().newProject();
    expect(doc).toMatchObject({ path: null, presetId: null, name: 'Untitled design' });
    expect(doc.text).toBe(NEW_PROJECT_TEXT);
    expect(loadDesign(doc.text).ok).toBe(true);
  });

  it('saves atomically (no temp file left), opens what it saved, and lists it as recent', async () => {
    const s = services();
    const { path } = await s.saveProject({ path: 'designs/a.yaml', text: NEW_PROJECT_TEXT });
    expect(path).toBe(join(s.workspaceDir, 'designs', 'a.yaml'));
    expect(readFileSync(path, 'utf8')).toBe(NEW_PROJECT_TEXT);
    expect(readdirSync(join(s.workspaceDir, 'designs'))).toEqual(['a.yaml']);
    const doc = await s.openProject({ path: 'designs/a.yaml' });
    expect(doc).toMatchObject({ path, presetId: null, name: 'Untitled design', text: NEW_PROJECT_TEXT });
    await s.saveProject({ path: 'b.yaml', text: 'version: 1\nname: Bee\n' });
    const recent = await s.listRecent();
    expect(recent.map((entry) => entry.name)).toEqual(['Bee', 'Untitled design']);
    expect(recent[1].path).toBe(path);
  });

  it('overwrites an existing file only when told, in one step, leaving either the old or the new text', async () => {
    const s = services();
    const path = join(s.workspaceDir, 'x.yaml');
    writeFileSync(path, 'old');
    expect(await s.saveProject({ path: 'x.yaml', text: 'new' })).toEqual({ status: 'exists', path });
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(await s.saveProject({ path: 'x.yaml', text: 'new', overwrite: true })).toEqual({ status: 'saved', path });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(s.workspaceDir)).toEqual(['x.yaml']);
  });

  it('lists opened presets in Recent beside files, once each, newest first', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const s = services({ clock: () => (now += 1000) });
    await s.openPreset({ id: 'session-store' });
    await s.saveProject({ path: 'a.yaml', text: 'version: 1\nname: A\n' });
    await s.openPreset({ id: 'session-store' });
    const recent = await s.listRecent();
    expect(recent.map(({ path, presetId, name }) => ({ path, presetId, name }))).toEqual([
      { path: null, presetId: 'session-store', name: 'Node.js session store' },
      { path: join(s.workspaceDir, 'a.yaml'), presetId: null, name: 'A' },
    ]);
  });

  it('recovers the autosaved text after a crash, and nothing once it is saved', async () => {
    const dataDir = tempDir();
    const workspaceDir = tempDir();
    const before = services({ dataDir, workspaceDir });
    const path = join(workspaceDir, 'p.yaml');
    await before.saveProject({ path: 'p.yaml', text: 'version: 1\nname: Saved\n' });
    await before.autosave({ key: path, text: 'version: 1\nname: Edited\n', path });
    // A new process (after the crash) on the same data directory.
    const after = services({ dataDir, workspaceDir });
    const recovered = await after.recoverAutosave({});
    expect(recovered).toMatchObject({ key: path, path, presetId: null, name: 'Edited', text: 'version: 1\nname: Edited\n' });
    expect(await after.recoverAutosave({ key: path })).toEqual(recovered);
    await after.saveProject({ path: 'p.yaml', text: 'version: 1\nname: Edited\n', overwrite: true });
    expect(await after.recoverAutosave({ key: path })).toBeNull();
    expect(await after.recoverAutosave({})).toBeNull();
    expect(await after.listAutosaves()).toEqual([]);
  });

  it('keeps one autosave per design: the next design does not overwrite the last one', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const s = services({ clock: () => (now += 1000) });
    expect(await s.recoverAutosave({})).toBeNull();
    await s.autosave({ key: 'draft:1', text: 'version: 1\nname: Draft\n', path: null });
    await s.autosave({ key: 'preset:session-store', text: 'version: 1\nname: Sessions edited\n', path: null, presetId: 'session-store' });
    expect(await s.recoverAutosave({ key: 'draft:1' })).toMatchObject({ key: 'draft:1', path: null, presetId: null, name: 'Draft' });
    expect(await s.recoverAutosave({ key: 'preset:session-store' })).toMatchObject({ presetId: 'session-store', name: 'Sessions edited' });
    // Without a key: the newest slot (what the app offers at start).
    expect(await s.recoverAutosave({})).toMatchObject({ key: 'preset:session-store' });
    expect(await s.listAutosaves()).toEqual([
      { key: 'preset:session-store', path: null, presetId: 'session-store', name: 'Sessions edited', savedAt: '2026-01-01T00:00:02.000Z' },
      { key: 'draft:1', path: null, presetId: null, name: 'Draft', savedAt: '2026-01-01T00:00:01.000Z' },
    ]);
    // An empty text clears a slot and leaves the others.
    await s.autosave({ key: 'preset:session-store', text: '', path: null });
    expect(await s.recoverAutosave({ key: 'preset:session-store' })).toBeNull();
    expect(await s.recoverAutosave({})).toMatchObject({ key: 'draft:1' });
    expect(await s.recoverAutosave({ key: 'draft:never' })).toBeNull();
  });

  it(`keeps the ${AUTOSAVE_LIMIT} most recently written autosaves`, async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const s = services({ clock: () => (now += 1000) });
    for (let i = 0; i < AUTOSAVE_LIMIT + 3; i++) await s.autosave({ key: `draft:${i}`, text: `version: 1\nname: D${i}\n`, path: null });
    expect(readdirSync(join(s.dataDir, 'autosave'))).toHaveLength(AUTOSAVE_LIMIT);
    expect(await s.recoverAutosave({ key: 'draft:2' })).toBeNull();
    expect(await s.recoverAutosave({ key: 'draft:3' })).toMatchObject({ name: 'D3' });
  });

  it('keeps browser-mode paths inside the workspace', async () => {
    const s = services();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.yaml'), 'version: 1\n');
    await expect(s.openProject({ path: '../secret.yaml' })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/outside the workspace/) });
    await expect(s.openProject({ path: join(outside, 'secret.yaml') })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.saveProject({ path: 'a/../../escape.yaml', text: 'x' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.saveExport({ text: NEW_PROJECT_TEXT, directory: '../out' })).rejects.toMatchObject({ code: 'bad-input' });
    // A symlink inside the workspace that points out of it is outside too.
    symlinkSync(outside, join(s.workspaceDir, 'link'));
    await expect(s.openProject({ path: 'link/secret.yaml' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.saveProject({ path: 'link/new.yaml', text: 'x' })).rejects.toMatchObject({ code: 'bad-input' });
    expect(existsSync(join(outside, 'new.yaml'))).toBe(false);
  });

  it('in electron mode takes absolute paths anywhere', async () => {
    const elsewhere = tempDir();
    const s = services({ mode: 'electron' });
    const { path } = await s.saveProject({ path: join(elsewhere, 'd.yaml'), text: 'version: 1\nname: D\n' });
    expect(path).toBe(join(elsewhere, 'd.yaml'));
    expect((await s.openProject({ path })).name).toBe('D');
  });

  it('says what is wrong when a project cannot be opened', async () => {
    const s = services();
    await expect(s.openProject({ path: 'missing.yaml' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/missing\.yaml: no such file; name a design/) });
    mkdirSync(join(s.workspaceDir, 'dir.yaml'));
    await expect(s.openProject({ path: 'dir.yaml' })).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('traces and connections', () => {
  it('writes an uploaded trace under dataDir/traces with a safe name', async () => {
    const s = services();
    const { path } = await s.uploadTrace({ name: '../../evil name.txt', content: 'a\nb\n' });
    expect(path.startsWith(join(s.dataDir, 'traces'))).toBe(true);
    expect(path).toMatch(/-evil_name\.txt$/);
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });

  it('saves connections without secrets and refuses a password in the URL or a password variable that is not allowed', async () => {
    const s = services({ allowPasswordEnv: ['DEV_REDIS_PASSWORD'] });
    const saved = await s.saveConnection({ id: 'dev', name: 'Dev', url: 'redis://127.0.0.1:6390/2', passwordEnv: 'DEV_REDIS_PASSWORD' });
    expect(saved).toEqual({ id: 'dev', name: 'Dev', url: 'redis://127.0.0.1:6390/2', passwordEnv: 'DEV_REDIS_PASSWORD', allowNonEmpty: false, allowEvictionRisk: false });
    await expect(s.saveConnection({ id: 'bad', name: 'Bad', url: 'redis://:hunter2@127.0.0.1:6379' }))
      .rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/passwordEnv/) });
    await expect(s.saveConnection({ id: 'bad', name: 'Bad', url: 'not a url' })).rejects.toMatchObject({ code: 'bad-input' });
    for (const bad of [{ url: 'redis://127.0.0.1:6390', passwordEnv: 'HOME' }, { url: 'redis://127.0.0.1:6390?passwordEnv=HOME' }]) {
      await expect(s.saveConnection({ id: 'bad', name: 'Bad', ...bad })).rejects.toMatchObject({
        code: 'bad-input', message: expect.stringMatching(/^passwordEnv HOME is not allowed: only DEV_REDIS_PASSWORD .*npm run serve -- --allow-password-env NAME/),
      });
    }
    expect(await s.listConnections()).toEqual([saved]);
    const risky = await s.saveConnection({ id: 'shared', name: 'Shared', url: 'redis://127.0.0.1:6390/3', allowEvictionRisk: true });
    expect(risky).toMatchObject({ allowNonEmpty: false, allowEvictionRisk: true });
    expect(await s.listConnections()).toEqual([saved, risky]);
    const stored = readFileSync(join(s.dataDir, 'connections.json'), 'utf8');
    expect(stored).not.toMatch(/hunter2/);
  });

  it('reports an unreachable server as a failed test, not as an error', async () => {
    const result = await services().testConnection({ url: 'redis://127.0.0.1:1' });
    expect(result.ok).toBe(false);
    expect(result.version).toBeNull();
    expect(result.message).toMatch(/127\.0\.0\.1:1/);
  });
});
