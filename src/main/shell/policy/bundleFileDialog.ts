/**
 * The save and open dialogs of team knowledge bundles (the workbench's sync screen), and what crosses IPC with them:
 * base64 bytes both ways, so the engine never writes or reads a path a page names. Pure, apart from `readBundleFile`.
 */
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { maxBundleBytes } from '../../../shared/syncContract'

const filters = [
  { name: 'Vigil team knowledge bundles', extensions: ['bundle'] },
  { name: 'All files', extensions: ['*'] }
]

/** Options for `dialog.showSaveDialog`, offering the engine's file name (letters, digits, `-`, `.` only). */
export function saveBundleDialogOptions(suggestedName: unknown) {
  const name = typeof suggestedName === 'string' ? basename(suggestedName).replace(/[^\w.-]/g, '_') : ''
  return {
    title: 'Save the team knowledge bundle',
    buttonLabel: 'Save bundle',
    defaultPath: name.endsWith('.bundle') ? name : 'team-knowledge.bundle',
    properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
      'createDirectory' | 'showOverwriteConfirmation'
    >,
    filters
  }
}

export const openBundleDialogOptions = {
  title: 'Open a team knowledge bundle',
  buttonLabel: 'Open bundle',
  properties: ['openFile', 'dontAddToRecent'] as Array<'openFile' | 'dontAddToRecent'>,
  filters
}

/** The bytes to write: base64 of at most the contract's bundle size; anything else is refused. */
export function bundleBytes(data: unknown): Buffer {
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data))
    throw new Error('not a bundle (base64)')
  const bytes = Buffer.from(data, 'base64')
  if (bytes.length > maxBundleBytes) throw new Error('the bundle is larger than a bundle may be')
  return bytes
}

/** The chosen file as the contract's import wants it; a file over the bundle size is refused before reading. */
export async function readBundleFile(path: string): Promise<{ name: string; data: string }> {
  const size = (await stat(path)).size
  if (size > maxBundleBytes) {
    throw new Error(
      `${basename(path)} is ${Math.round(size / 1024 / 1024)} MiB; a bundle is at most ${maxBundleBytes / 1024 / 1024} MiB`
    )
  }
  return { name: basename(path), data: (await readFile(path)).toString('base64') }
}
