/**
 * Electron IPC channel names. Kept free of any import so that the sandboxed preload, which can load nothing but
 * electron and a few built-ins at run time, can bundle it.
 */
export const ipcChannels = {
  /** Contract route calls (renderer → engine), answered with a Result. */
  call: 'vigil:call',
  /** Pushed events (engine → every window). */
  event: 'vigil:event',
  /** The overlay asks for keyboard focus (`true`) or gives it back (`false`); a one-way message. */
  overlayFocus: 'vigil:overlay-focus',
  /** Opens the system file dialog for a GGUF model; answered with the chosen path or null. */
  pickModelFile: 'vigil:pick-model-file',
  /** Saves a team knowledge bundle where the analyst chooses (save dialog); answered with the path or null. */
  saveBundleFile: 'vigil:save-bundle-file',
  /** Opens a bundle the analyst chooses (open dialog); answered with its name and base64 bytes, or null. */
  openBundleFile: 'vigil:open-bundle-file',
  /** The shell asks the overlay page to run a command (a global shortcut was pressed); one-way, main → overlay. */
  overlayCommand: 'vigil:overlay-command'
} as const
