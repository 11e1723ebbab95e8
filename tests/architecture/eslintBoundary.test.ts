import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: root })

/** Lints `code` as if it were the file at `path` in the repository, with the repository's own config. */
async function restrictedImportErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) })
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports' && message.severity === 2)
    .map((message) => message.message)
}

const importApp = "import { app } from 'electron'\n\nexport const version = app.getVersion()\n"

describe('the ESLint Electron boundary', () => {
  it.each(['src/main/engine/x.ts', 'src/main/cli/x.ts', 'src/main/serve/x.ts', 'src/shared/x.ts'])(
    'refuses an electron import in %s',
    async (path) => {
      const errors = await restrictedImportErrors(path, importApp)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain('Only the Electron shell')
    },
    30_000
  )

  it('refuses electron/main subpaths too', async () => {
    const errors = await restrictedImportErrors(
      'src/main/engine/x.ts',
      "import { app } from 'electron/main'\napp\n"
    )
    expect(errors).toHaveLength(1)
  })

  it('lets the shell import electron', async () => {
    expect(await restrictedImportErrors('src/main/shell/x.ts', importApp)).toEqual([])
  })
})
