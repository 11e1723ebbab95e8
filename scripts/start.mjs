#!/usr/bin/env node
// `npm start`: the desktop app (electron-vite preview of the built app). Electron's binary is downloaded when the
// package is installed; where that was impossible (no access to GitHub, ELECTRON_SKIP_BINARY_DOWNLOAD=1), say what
// to do instead of electron-vite's bare "Electron uninstall".
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    const folder = dirname(require.resolve('electron/package.json'))
    const pathFile = join(folder, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(folder, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

if (!process.env.ELECTRON_EXEC_PATH && !electronBinary()) {
  process.stderr.write(
    "Electron's binary is not installed (it is downloaded from GitHub when the electron package installs, which this\n" +
      'machine could not do, or ELECTRON_SKIP_BINARY_DOWNLOAD was set).\n\n' +
      'Run the same app in your browser instead, no Electron needed:\n' +
      '  npx vigil serve --demo --open\n\n' +
      'Or install the binary where GitHub is reachable: rm -rf node_modules/electron && npm install\n'
  )
  process.exit(1)
}
const child = spawn(
  process.execPath,
  [join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'), 'preview'],
  {
    stdio: 'inherit'
  }
)
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
