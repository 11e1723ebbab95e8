import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { maxBundleBytes } from '../../src/shared/syncContract'
import {
  bundleBytes,
  readBundleFile,
  saveBundleDialogOptions
} from '../../src/main/shell/policy/bundleFileDialog'

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

describe('bundle file dialogs', () => {
  it("offers the engine's file name, never a path or odd characters from the page", () => {
    expect(saveBundleDialogOptions('cloud-support-2026-12-03.bundle').defaultPath).toBe(
      'cloud-support-2026-12-03.bundle'
    )
    expect(saveBundleDialogOptions('../../etc/passwd').defaultPath).toBe('team-knowledge.bundle')
    expect(saveBundleDialogOptions('x/../a b.bundle').defaultPath).toBe('a_b.bundle')
    expect(saveBundleDialogOptions(42).defaultPath).toBe('team-knowledge.bundle')
  })

  it('writes only base64 bytes of at most a bundle size', () => {
    expect(bundleBytes(Buffer.from('# v2 git bundle\n').toString('base64')).toString()).toBe(
      '# v2 git bundle\n'
    )
    expect(() => bundleBytes({ path: '/etc/passwd' })).toThrow(/not a bundle/)
    expect(() => bundleBytes('not base64!')).toThrow(/not a bundle/)
    expect(() => bundleBytes('A'.repeat(Math.ceil((maxBundleBytes + 3) / 3) * 4))).toThrow(/larger/)
  })

  it('reads the chosen file as name and base64, and refuses one over the bundle size before reading it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'vigil-bundle-dialog-'))
    folders.push(folder)
    const file = join(folder, 'from-bea.bundle')
    await writeFile(file, '# v2 git bundle\n')
    expect(await readBundleFile(file)).toEqual({
      name: 'from-bea.bundle',
      data: Buffer.from('# v2 git bundle\n').toString('base64')
    })
    await truncate(file, maxBundleBytes + 1)
    await expect(readBundleFile(file)).rejects.toThrow(
      /^from-bea\.bundle is 48 MiB; a bundle is at most 48 MiB$/
    )
  })
})
