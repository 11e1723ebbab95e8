import { randomBytes } from 'node:crypto'
import { open, unlink } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Creates and removes a small file in `folder`, so a folder that exists but takes no new files fails before any
 * work. `access(W_OK)` is not enough: for root it passes on /proc and /sys, where creating a file still fails
 * (ENOENT), and it cannot see a read-only mount bound over a writable one. Throws the system's error (its `code`
 * says why).
 */
export async function probeWritableFolder(folder: string): Promise<void> {
  const probe = join(folder, `.vigil-write-check-${process.pid}-${randomBytes(4).toString('hex')}`)
  const handle = await open(probe, 'wx')
  await handle.close()
  await unlink(probe)
}
