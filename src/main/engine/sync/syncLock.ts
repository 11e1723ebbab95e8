/**
 * One sync of a team repository at a time across processes: `vigil serve`, the desktop app and `vigil sync` may
 * share a data folder, and two of them fetching, merging and moving the same refs at once could lose a merge. The
 * lock is a file created exclusively (`wx`) beside the repository, naming the process that holds it; a lock left by
 * a process that no longer runs (a crash, a kill) on this machine is taken over.
 */
import { hostname } from 'node:os'
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'

interface LockHolder {
  pid: number
  host: string
  /** What holds it, e.g. "vigil serve" or "vigil sync". */
  command: string
  since: string
}

/** A lock file younger than this that cannot be read may be one being written right now: not taken over. */
const unreadableGraceMs = 10_000

/** "vigil serve", "vigil sync", "electron": what this process is, for the message the other one shows. */
export function thisCommand(argv: string[] = process.argv): string {
  const program = basename(argv[1] ?? argv[0] ?? 'node').replace(/\.(mjs|cjs|js|ts)$/, '')
  const verb = argv[2] && !argv[2].startsWith('-') ? ` ${argv[2]}` : ''
  return `${program}${verb}`
}

/**
 * Runs `work` holding the lock file `file`; refuses with SYNC_BUSY, naming the holder, when another live process
 * (or another sync in this one) holds it. `what` names the repository in that message.
 */
export async function withSyncLock<T>(file: string, what: string, work: () => Promise<T>): Promise<T> {
  await acquire(file, what)
  try {
    return await work()
  } finally {
    await rm(file, { force: true })
  }
}

async function acquire(file: string, what: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: thisCommand(),
    since: new Date().toISOString()
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx')
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`)
        await handle.sync()
      } finally {
        await handle.close()
      }
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new VigilError(
          ErrorCode.storageFailed,
          `Cannot create the sync lock ${file}: ${(error as Error).message}`,
          { cause: error }
        )
      }
    }
    const holder = await readHolder(file)
    if (holder === 'gone') continue
    if (holder === 'stale' || (holder.host === me.host && !isRunning(holder.pid))) {
      await rm(file, { force: true })
      continue
    }
    throw busy(what, holder, file)
  }
  throw new VigilError(
    ErrorCode.syncBusy,
    `${what} is being synced by another Vigil process; try again shortly`
  )
}

async function readHolder(file: string): Promise<LockHolder | 'gone' | 'stale'> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    throw error
  }
  try {
    const parsed = JSON.parse(text) as LockHolder
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return parsed
  } catch {
    // Torn by a crash while it was written, or still being written: judged by its age below.
  }
  const age = Date.now() - (await stat(file).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
  return age > unreadableGraceMs ? 'stale' : { pid: 0, host: '?', command: 'another process', since: '' }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function busy(what: string, holder: LockHolder, file: string): VigilError {
  const who =
    holder.pid === process.pid && holder.host === hostname()
      ? 'another sync in this Vigil process'
      : `another Vigil process (${holder.command}, pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`})`
  const since = holder.since ? ` since ${holder.since.slice(11, 19)} UTC` : ''
  return new VigilError(
    ErrorCode.syncBusy,
    `${what} is being synced by ${who}${since}; nothing was changed. Try again when it has finished (lock file ${file}).`
  )
}
