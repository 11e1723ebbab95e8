/** The "Choose file…" dialog of the model settings: what it offers and what it hands back. Pure. */

/** Options for Electron's `dialog.showOpenDialog`: one existing file, GGUF models first. */
export const modelFileDialogOptions = {
  title: 'Choose a GGUF model file',
  buttonLabel: 'Use this model',
  properties: ['openFile', 'dontAddToRecent'] as Array<'openFile' | 'dontAddToRecent'>,
  filters: [
    { name: 'GGUF models', extensions: ['gguf'] },
    { name: 'All files', extensions: ['*'] }
  ]
}

/**
 * The path the analyst chose, or null when they cancelled. The engine still checks that the file is a real GGUF
 * model when it loads it, so a file picked through "All files" gets a clear message there rather than here.
 */
export function pickedModelFile(result: { canceled: boolean; filePaths: readonly string[] }): string | null {
  if (result.canceled) return null
  const [first] = result.filePaths
  return first ? first : null
}
