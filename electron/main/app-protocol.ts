/**
 * The desktop app's pages come from `app://workbench/…` (a privileged standard scheme, served
 * from dist/renderer), not from file:// — so the page has a real origin, the CSP header applies
 * and a page cannot read arbitrary local files.
 */
import { resolveStaticFile } from '../host';

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type AppFileLookup = { status: 200; path: string } | { status: 400 | 404 };

/** The file an app:// request names under the renderer directory, or the status to answer. */
export function lookupAppFile(rendererDir: string, requestUrl: string): AppFileLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404 };
  const found = resolveStaticFile(rendererDir, url.pathname);
  if (found.kind === 'file') return { status: 200, path: found.path };
  return { status: found.kind === 'bad-request' ? 400 : 404 };
}
