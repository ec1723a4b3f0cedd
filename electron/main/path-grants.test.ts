import { describe, expect, it } from 'vitest';
import { PathGrants } from './path-grants';

describe('PathGrants', () => {
  const grants = () => new PathGrants(['/home/ana/Documents', '/home/ana/.config/kw'], async () => ['/srv/recent/catalog.yaml']);

  it('refuses a path the renderer names on its own, for every path-carrying method', async () => {
    const g = grants();
    expect(await g.check('openProject', { path: '/etc/passwd' })).toMatch(/was not chosen in a dialog/);
    expect(await g.check('readProject', { path: '/etc/shadow' })).toMatch(/was not chosen in a dialog/);
    expect(await g.check('saveProject', { path: '/home/ana/.bashrc', text: 'x' })).toMatch(/not chosen/);
    expect(await g.check('autosave', { path: '/tmp/x.yaml', text: 'x' })).toMatch(/not chosen/);
    expect(await g.check('startRun', { text: 'x', tracePath: '/var/log/syslog' })).toMatch(/not chosen/);
    expect(await g.check('saveExport', { text: 'x', directory: '/etc' })).toMatch(/not chosen/);
    expect(await g.check('openProject', { path: 'relative.yaml' })).toMatch(/not an absolute path/);
    expect(await g.check('openProject', { path: '/home/ana/Documents/../.ssh/id_rsa' })).toMatch(/not chosen/);
  });

  it('accepts what a dialog granted, the workspace and data folders, and recent files', async () => {
    const g = grants();
    g.grantFile('/data/picked.yaml');
    g.grantFolder('/data/exports');
    expect(await g.check('openProject', { path: '/data/picked.yaml' })).toBeNull();
    expect(await g.check('saveExport', { text: 'x', directory: '/data/exports/prod' })).toBeNull();
    expect(await g.check('saveProject', { path: '/home/ana/Documents/d.yaml', text: 'x' })).toBeNull();
    expect(await g.check('startRun', { text: 'x', tracePath: '/home/ana/.config/kw/traces/t.jsonl' })).toBeNull();
    expect(await g.check('openProject', { path: '/srv/recent/catalog.yaml' })).toBeNull();
    expect(await g.check('readProject', { path: '/srv/recent/catalog.yaml' })).toBeNull();
    expect(await g.check('autosave', { text: 'x', path: null })).toBeNull();
    expect(await g.check('listRecent', undefined)).toBeNull();
  });
});
