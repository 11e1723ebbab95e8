/** The sandboxed preload: exposes the contract to the page as `window.vigil` (see shared/bridgeApi). */
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

contextBridge.exposeInMainWorld('vigil', createBridge(ipcRenderer))
