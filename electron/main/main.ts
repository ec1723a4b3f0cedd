/**
 * The Electron shell: one sandboxed window on app://workbench, the menu, native dialogs, IPC
 * onto the workbench services, and a clean quit (runs cancelled, managed redis-servers stopped).
 * Decisions live in small pure modules beside this file (navigation, ipc-guard, menu-template,
 * csp, app-protocol) where they are unit-tested; this file only wires Electron. The window's web
 * preferences stay literal here so Electronegativity (npm run electronegativity) can check them.
 */
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import type { OpenDialogOptions } from 'electron';
import { asHandlers, channelOf, contentSecurityPolicy, securityHeaders } from '../common';
import type { EventPayload, WorkbenchEvent } from '../common';
import { contentTypeOf, createWorkbenchServices } from '../host';
import type { WorkbenchServices } from '../host';
import { APP_ENTRY_URL, APP_SCHEME, lookupAppFile } from './app-protocol';
import { allowedPasswordEnvOf } from './launch-options';
import { registerIpc } from './ipc-guard';
import { PathGrants } from './path-grants';
import { CLOSE_PROMPT, closeAction, closeChoice } from './close-prompt';
import { buildMenuTemplate } from './menu-template';
import type { MenuAction } from './menu-template';
import { isAppUrl, navigationDecision, windowOpenDecision } from './navigation';


// Bundled to dist/electron/main.cjs; the renderer is built to dist/renderer.
const rendererDir = join(__dirname, '..', 'renderer');
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appUrl = devServerUrl ?? APP_ENTRY_URL;
const csp = contentSecurityPolicy({ devServer: devServerUrl ? new URL(devServerUrl).origin : undefined });
const headers = securityHeaders(csp);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let services: WorkbenchServices | undefined;
let mainWindow: BrowserWindow | null = null;

function send<E extends WorkbenchEvent>(event: E, payload: EventPayload<E>): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed()) window.webContents.send(channelOf(event), payload);
  }
}

/** Paths the renderer may name over IPC (chosen in a dialog, recent, or inside the app's folders). */
let pathGrants: PathGrants | undefined;

const DESIGN_FILTERS = [{ name: 'Designs', extensions: ['yaml', 'yml'] }];
const TRACE_FILTERS = [{ name: 'Traces', extensions: ['txt', 'csv', 'jsonl', 'log', 'monitor'] }, { name: 'All files', extensions: ['*'] }];

async function pickFile(options: OpenDialogOptions): Promise<string | null> {
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : result.filePaths[0] ?? null;
}

/** Menu actions: dialogs happen here; the renderer gets the outcome as an event. */
async function onMenuAction(action: MenuAction): Promise<void> {
  switch (action) {
    case 'open': {
      const path = await pickFile({ title: 'Open design', properties: ['openFile'], filters: DESIGN_FILTERS });
      if (path) pathGrants?.grantFile(path);
      if (path) send('onDidOpenFile', { kind: 'design', path });
      return;
    }
    case 'openTrace': {
      const path = await pickFile({ title: 'Open trace', properties: ['openFile'], filters: TRACE_FILTERS });
      if (path) pathGrants?.grantFile(path);
      if (path) send('onDidOpenFile', { kind: 'trace', path });
      return;
    }
    case 'saveAs': {
      const options = { title: 'Save design as', filters: DESIGN_FILTERS, defaultPath: 'design.yaml' };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      if (!result.canceled && result.filePath) pathGrants?.grantFile(result.filePath);
      if (!result.canceled && result.filePath) send('onDidMenuCommand', { command: 'saveAs', path: result.filePath });
      return;
    }
    case 'export': {
      const path = await pickFile({ title: 'Export into folder', properties: ['openDirectory', 'createDirectory'] });
      if (path) pathGrants?.grantFolder(path);
      if (path) send('onDidMenuCommand', { command: 'export', path });
      return;
    }
    default:
      send('onDidMenuCommand', { command: action });
  }
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400, height: 900, minWidth: 900, minHeight: 600, title: 'Keyspace Workbench', show: false, backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  // The page refuses to unload while its design has unsaved changes (beforeunload): ask the person.
  window.webContents.on('will-prevent-unload', (event) => {
    const action = closeAction(closeChoice(dialog.showMessageBoxSync(window, CLOSE_PROMPT)));
    if (action.unloadNow) event.preventDefault();
    // The page saves (asking for a file if the design has none), then closes the window itself.
    if (action.saveThenClose) send('onDidMenuCommand', { command: 'saveAndClose' });
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(appUrl);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    const decision = navigationDecision(url, appUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK (isSafeExternalUrl: http/https only, no credentials)
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url) === 'external') void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK (isSafeExternalUrl: http/https only, no credentials)
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const design = argv.slice(1).find((arg) => /\.ya?ml$/i.test(arg));
    if (design) send('onDidOpenFile', { kind: 'design', path: design });
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    send('onDidOpenFile', { kind: /\.ya?ml$/i.test(path) ? 'design' : 'trace', path });
  });
  void app.whenReady().then(start);
}

function start(): void {
  let allowPasswordEnv: string[];
  try {
    allowPasswordEnv = allowedPasswordEnvOf(process.argv, process.env);
  } catch (error) {
    dialog.showErrorBox('Keyspace Workbench', `${(error as Error).message}. Start the app again with a valid variable name.`);
    app.exit(2);
    return;
  }
  const workbench = createWorkbenchServices({
    // Packaged, presets ship as extra resources and the worker outside the asar archive.
    presetsDir: app.isPackaged ? join(process.resourcesPath, 'presets') : join(app.getAppPath(), 'presets'),
    dataDir: app.getPath('userData'),
    workspaceDir: app.getPath('documents'),
    mode: 'electron',
    clock: Date.now,
    version: app.getVersion(),
    workerFile: join(__dirname, 'run-worker.cjs').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
    // Only the launch command line and environment decide which variables may be sent as passwords.
    allowPasswordEnv,
  });
  services = workbench;

  protocol.handle(APP_SCHEME, async (request) => {
    const found = lookupAppFile(rendererDir, request.url);
    if (found.status !== 200) return new Response(null, { status: found.status, headers });
    return new Response(await readFile(found.path), { status: 200, headers: { ...headers, 'Content-Type': contentTypeOf(found.path) } });
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp], 'X-Content-Type-Options': ['nosniff'] } });
  });
  // Deny by default: the workbench needs no camera, notification, clipboard-read or other permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const grants = new PathGrants([app.getPath('documents'), app.getPath('userData')], async () => (await workbench.listRecent()).flatMap((entry) => (entry.path === null ? [] : [entry.path])));
  pathGrants = grants;
  registerIpc(ipcMain, asHandlers(workbench), (url) => isAppUrl(url, appUrl), (method, value) => {
    const result = value as { path: string; status?: string };
    if ((method === 'openProject' || method === 'saveProject') && result.status !== 'exists') app.addRecentDocument(result.path);
  }, (method, raw) => grants.check(method, raw));
  workbench.subscribe((event, payload) => send(event, payload as EventPayload<typeof event>));

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ action: (action) => void onMenuAction(action) }, process.platform, { devTools: !app.isPackaged })));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quit waits for the services: runs return their partial results, every managed redis-server stops.
let disposal: Promise<void> | undefined;
let disposed = false;
app.on('before-quit', (event) => {
  if (disposed || !services) return;
  event.preventDefault();
  disposal ??= services.dispose().finally(() => {
    disposed = true;
    app.quit();
  });
});
