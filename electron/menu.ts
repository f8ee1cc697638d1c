import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

const DOCS = 'https://github.com/hotpot-workbench/hotpot#readme';

/** Application menu: standard roles plus page shortcuts; dev tools only in development builds. */
export function buildMenu(window: () => BrowserWindow | undefined, dev: boolean): Menu {
  const go = (page: string) => () =>
    void window()?.webContents.executeJavaScript(`location.hash = '/${page}'`);
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [{ role: process.platform === 'darwin' ? 'close' : 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: ['overview', 'sources', 'runs', 'explorer', 'assets', 'alerts', 'compliance', 'settings'].map(
        (p, i) => ({
          label: p[0]!.toUpperCase() + p.slice(1),
          accelerator: `CmdOrCtrl+${i + 1}`,
          click: go(p),
        }),
      ),
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        ...(dev ? [{ role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Documentation', click: () => void shell.openExternal(DOCS) },
        { label: `Version ${app.getVersion()}`, enabled: false },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
