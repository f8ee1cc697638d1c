// Electron main: one hardened window over app://, the pipeline in a utility process, the IPC
// transport in between. The renderer gets no Node: context isolation, sandbox, one preload object.
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpcTransport } from '../pipeline/service/ipc/main.ts';
import { hostService, type HostChannel } from './host-client.ts';
import { buildMenu } from './menu.ts';
import { APP_ORIGIN, APP_SCHEME, appResponse, isAppUrl } from './protocol.ts';
import { unwrapWorkspaceKey } from './secrets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dev = !app.isPackaged && process.env.HOTPOT_DEV === '1';
const home = process.env.HOTPOT_HOME ?? join(homedir(), '.hotpot');
const rendererDir = join(here, '..', '..', 'dist', 'app');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another window owns the workspace (the DuckDB file takes one writer): focus it instead.
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  // Every web contents, present and future: no new windows, no foreign navigation, no webviews.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
    // Nothing but app:// reaches the network from the renderer.
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      callback({ cancel: !(isAppUrl(details.url) || details.url.startsWith('devtools://')) });
    });

    const child = utilityProcess.fork(join(here, 'pipeline-host.mjs'), [], {
      serviceName: 'Hotpot pipeline',
    });
    const service = hostService(child as unknown as HostChannel, home, unwrapWorkspaceKey(home, safeStorage));

    window = new BrowserWindow({
      width: 1440,
      height: 900,
      show: false,
      title: 'Hotpot Workbench',
      webPreferences: {
        preload: join(here, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    Menu.setApplicationMenu(buildMenu(() => window, dev));
    const stopIpc = registerIpcTransport({
      ipcMain,
      service,
      target: window.webContents,
      isTrustedSender: isAppUrl,
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      stopIpc();
      window = undefined;
    });
    await window.loadURL(`${APP_ORIGIN}/index.html`);
    try {
      await service.ready;
    } catch (error) {
      void window.webContents.executeJavaScript(`console.error(${JSON.stringify(String(error))})`);
    }
    app.on('before-quit', () => service.shutdown());
  });

  app.on('window-all-closed', () => app.quit());
}
