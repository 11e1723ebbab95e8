import { constants } from 'node:fs'
import { access, mkdir } from 'node:fs/promises'
import { ErrorCode, VigilError } from '../../shared/errors'

/**
 * Creates the data folder when it is missing and checks it can be written, so that an unusable `--data-dir` (a
 * read-only or virtual file system such as /proc) fails at once with its reason instead of the engine retrying
 * writes forever.
 */
export async function ensureUsableDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true })
    await access(dataDir, constants.R_OK | constants.W_OK)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new VigilError(
      ErrorCode.badInput,
      `the data folder ${dataDir} cannot be used (${reason}): choose a folder you can write with --data-dir`
    )
  }
}
