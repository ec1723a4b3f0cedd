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
