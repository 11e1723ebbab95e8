/** The few file-system moves the store needs to survive a crash at any point: fsync'd writes and atomic replace. */
import { open, rename } from 'node:fs/promises'

/** Makes a rename or a newly created file in `dir` survive power loss. Not supported on Windows; ignored there. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Replaces `path` with the given text chunks: write `path.tmp`, fsync, rename over `path`, fsync the folder.
 * A reader sees the old file or the new one, never a mix. Chunks keep a large file from being one giant string.
 */
export async function writeFileAtomically(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  dir: string
): Promise<void> {
  const temporary = `${path}.tmp`
  const handle = await open(temporary, 'w')
  try {
    for (const chunk of chunks) await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk))
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
  await syncDirectory(dir)
}
