import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl, navigationDecision, windowOpenDecision } from './navigation';

const APP = 'app://workbench/index.html';

describe('navigation', () => {
  it('treats only the app scheme and host as the app, even though WHATWG gives custom schemes an opaque origin', () => {
    expect(isAppUrl('app://workbench/index.html', APP)).toBe(true);
    expect(isAppUrl('app://workbench/runs/3', APP)).toBe(true);
    expect(isAppUrl('app://other/index.html', APP)).toBe(false);
    expect(isAppUrl('evil://workbench/index.html', APP)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', APP)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });

  it('matches a development server by origin', () => {
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('lets plain http(s) links go to the OS browser, never credentials or other schemes', () => {
    expect(isSafeExternalUrl('https://redis.io/docs')).toBe(true);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
  });

  it('keeps the window on the app, sends links out, and refuses everything else', () => {
    expect(navigationDecision('app://workbench/index.html', APP)).toBe('allow');
    expect(navigationDecision('https://redis.io', APP)).toBe('external');
    expect(navigationDecision('file:///home/me/design.yaml', APP)).toBe('deny');
    expect(windowOpenDecision('https://redis.io')).toBe('external');
    expect(windowOpenDecision('app://workbench/index.html')).toBe('deny');
  });
});
