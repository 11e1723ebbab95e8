import { constants } from 'node:fs'
import { access, mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ErrorCode, VigilError } from '../../shared/errors'
import { probeWritableFolder } from '../engine/storage/writeProbe'

/**
 * Creates the data folder when it is missing and checks it can be written, so that an unusable `--data-dir` fails
 * at once with its reason instead of the engine retrying writes forever. Folders are made one level at a time:
 * Node's recursive mkdir never returns for a path under /proc (it keeps retrying the ENOENT that /proc answers).
 * Returns the folders it created, outermost first (empty when the folder was there already).
 */
export async function ensureUsableDataDir(dataDir: string): Promise<string[]> {
  const missing: string[] = []
  try {
    let folder = dataDir
    while (!(await exists(folder))) {
      missing.unshift(folder)
      const parent = dirname(folder)
      if (parent === folder) break
      folder = parent
    }
    for (const path of missing) await mkdir(path)
    if (!(await stat(dataDir)).isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    await access(dataDir, constants.R_OK | constants.W_OK)
  } catch (error) {
    throw unusable(dataDir, reasonOf(error))
  }
  try {
    await probeWritableFolder(dataDir)
  } catch (error) {
    // The folder is there (made or found): an ENOENT now means the system takes no files in it (/proc, /sys).
    const code = (error as NodeJS.ErrnoException).code
    throw unusable(
      dataDir,
      code === 'ENOENT' ? 'the system takes no files in it (a folder such as /proc or /sys)' : reasonOf(error)
    )
  }
  return missing
}

function unusable(dataDir: string, reason: string): VigilError {
  return new VigilError(
    ErrorCode.badInput,
    `the data folder ${dataDir} cannot be used: ${reason}. Choose a folder you can write with --data-dir`
  )
}

/**
 * For commands that only read a data folder (stats, knowledge list): it must be there and be a folder; nothing is
 * created.
 */
export async function existingDataDir(dataDir: string): Promise<void> {
  const found = await stat(dataDir).catch(() => null)
  if (!found) throw new VigilError(ErrorCode.badInput, `no data folder at ${dataDir}`)
  if (!found.isDirectory())
    throw new VigilError(
      ErrorCode.badInput,
      `${dataDir} is a file, not a data folder: give the folder with --data-dir`
    )
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

function reasonOf(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of it'
    case 'ENOENT':
      return 'folders cannot be created there'
    case 'EACCES':
    case 'EPERM':
      return 'no permission to write there'
    case 'EROFS':
      return 'the file system is read-only'
    case 'ENOSPC':
      return 'the disk is full'
    default:
      return (error as Error).message
  }
}
