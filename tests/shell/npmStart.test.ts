import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/engineHarness'

const electronDist = join(repoRoot, 'node_modules', 'electron', 'path.txt')

describe('npm start without the Electron binary', () => {
  // Where Electron's binary was downloaded, `npm start` opens the app instead: nothing to check here.
  it.skipIf(existsSync(electronDist))(
    'says to run the app in the browser with vigil serve, and exits 1',
    async () => {
      const run = promisify(execFile)(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
        env: { ...process.env, ELECTRON_EXEC_PATH: '' }
      })
      const failure = await run.then(
        () => null,
        (error: { code: number; stderr: string }) => error
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toContain('npx vigil serve --demo --open')
    }
  )
})
