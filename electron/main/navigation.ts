/**
 * Where the app window may go: only its own pages. Everything else is blocked; http(s) links a
 * user clicks open in the OS browser after this check.
 */

/** True when `url` is one of the app's own pages (same origin as the renderer's entry). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
    // A custom scheme (app://workbench/…) has an opaque origin ('null') in WHATWG URL: every such
    // URL would compare equal, so compare the scheme and host themselves.
    if (app.origin === 'null') return app.host !== '' && target.protocol === app.protocol && target.host === app.host;
    return target.origin === app.origin;
  } catch {
    return false;
  }
}

/** True when `url` may be handed to the OS browser: plain https/http, no credentials in it. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const target = new URL(url);
    return (target.protocol === 'https:' || target.protocol === 'http:') && target.username === '' && target.password === '';
  } catch {
    return false;
  }
}

/** What to do when the page tries to navigate: stay (own page), hand an http(s) link to the OS browser, or refuse. */
export function navigationDecision(url: string, appUrl: string): 'allow' | 'external' | 'deny' {
  if (isAppUrl(url, appUrl)) return 'allow';
  return isSafeExternalUrl(url) ? 'external' : 'deny';
}

/** `window.open` never opens an Electron window: a safe link goes to the OS browser, anything else nowhere. */
export function windowOpenDecision(url: string): 'external' | 'deny' {
  return isSafeExternalUrl(url) ? 'external' : 'deny';
}
