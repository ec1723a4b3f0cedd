/**
 * The Content-Security-Policy of the app's pages, shared by the Electron window and browser mode:
 * the app's own scripts only (no inline script, no eval, no remote origin), monaco's workers
 * (`worker-src 'self' blob:`), inline styles (monaco injects <style> elements), no plugins, no
 * framing, no form posts.
 */

export interface CspOptions {
  /** Extra sources for fetch/WebSocket, e.g. `ws://127.0.0.1:5174` where 'self' may not cover ws:. */
  connectSrc?: readonly string[];
  /** A development server origin (vite) whose scripts and HMR socket the page may use. */
  devServer?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServer ? [options.devServer] : [];
  const devSocket = options.devServer ? [options.devServer.replace(/^http/, 'ws')] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...dev],
    'style-src': ["'self'", "'unsafe-inline'", ...dev],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...(options.connectSrc ?? []), ...dev, ...devSocket],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Headers every response of the app carries (CSP included). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
  };
}
