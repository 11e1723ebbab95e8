/**
 * Electron IPC channel names. Kept free of any import so that the sandboxed preload, which can load nothing but
 * electron and a few built-ins at run time, can bundle it.
 */
export const ipcChannels = { call: 'vigil:call', event: 'vigil:event' } as const
