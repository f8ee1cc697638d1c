// The one preload object: `window.hotpot` with `call` and `onEvent`. Nothing else of Electron or
// Node crosses into the renderer.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from '../pipeline/service/ipc/renderer.ts';

contextBridge.exposeInMainWorld('hotpot', createBridge(ipcRenderer));
