import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository (or unpacked app) root: the nearest folder above this module that holds `resources/demo`.
 * Walking up works from `src/main/headless` (vitest, tsx) and from the bundled `out/main/cli.js` alike.
 */
export function findAppRoot(from: string | URL = import.meta.url): string {
  const start = typeof from === 'string' && !from.startsWith('file:') ? from : fileURLToPath(from)
  let folder = dirname(start)
  for (;;) {
    if (existsSync(join(folder, 'resources', 'demo'))) return folder
    const parent = dirname(folder)
    if (parent === folder) {
      throw new Error(
        `Cannot find Vigil's resources/demo folder above ${start}; is the installation complete?`
      )
    }
    folder = parent
  }
}

/** The shipped `resources/` folder (demo cases). */
export function defaultResourcesDir(): string {
  return join(findAppRoot(), 'resources')
}

/** Where `npm run build` (electron-vite) puts the renderer: `out/renderer`. */
export function defaultRendererDir(): string {
  return join(findAppRoot(), 'out', 'renderer')
}
