/**
 * What came in by sync, kept on disk per team (`<dataDir>/sync/<team folder>.history.json`) by whichever process
 * synced or took in a bundle: the status line's "18 entries from the team in the last 24 hours" must count a
 * `vigil sync import` run from the command line, and survive a restart of the app. Small: the arrivals of the last
 * 24 hours (one count per sync) and the newest 20 entries that came in. An unreadable file reads as empty (it is a
 * convenience for the status line, never knowledge).
 */
import { readFile, rename, writeFile } from 'node:fs/promises'

export interface IncomingEntry {
  id: string
  title: string
  by?: string
  /** When it came in. */
  at: string
}

export interface SyncHistory {
  /** The last successful sync with the git server. */
  lastSyncAt: string | null
  /** The last bundle file taken in. */
  lastBundleAt: string | null
  /** Per sync or bundle in the last 24 hours that brought something: when, and how many entries. */
  arrivals: Array<{ at: string; count: number }>
  /** The newest entries that came in (at most `shownIncoming`), newest first. */
  incoming: IncomingEntry[]
}

const day = 24 * 60 * 60 * 1000
const shownIncoming = 20

export const emptyHistory = (): SyncHistory => ({
  lastSyncAt: null,
  lastBundleAt: null,
  arrivals: [],
  incoming: []
})

export async function readSyncHistory(file: string): Promise<SyncHistory> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<SyncHistory>
    const text = (item: unknown): string | null => (typeof item === 'string' ? item : null)
    return {
      lastSyncAt: text(value.lastSyncAt),
      lastBundleAt: text(value.lastBundleAt),
      arrivals: Array.isArray(value.arrivals)
        ? value.arrivals.filter((item) => typeof item?.at === 'string' && Number.isInteger(item.count))
        : [],
      incoming: Array.isArray(value.incoming)
        ? value.incoming.filter(
            (item) =>
              typeof item?.id === 'string' && typeof item.title === 'string' && typeof item.at === 'string'
          )
        : []
    }
  } catch {
    return emptyHistory()
  }
}

/** The history after a successful sync (`remote`) or bundle import that brought `incoming` at `now`. */
export function withArrival(
  history: SyncHistory,
  via: 'remote' | 'bundle',
  now: Date,
  incoming: ReadonlyArray<Omit<IncomingEntry, 'at'>>
): SyncHistory {
  const at = now.toISOString()
  const fresh = incoming.map((item) => ({ ...item, at }))
  return {
    lastSyncAt: via === 'remote' ? at : history.lastSyncAt,
    lastBundleAt: via === 'bundle' ? at : history.lastBundleAt,
    arrivals: recent([...(fresh.length > 0 ? [{ at, count: fresh.length }] : []), ...history.arrivals], now),
    incoming: recent([...fresh, ...history.incoming], now).slice(0, shownIncoming)
  }
}

/** Entries that came in during the 24 hours before `now`. */
export function arrivedInLastDay(history: SyncHistory, now: Date): number {
  return recent(history.arrivals, now).reduce((sum, item) => sum + item.count, 0)
}

export async function writeSyncHistory(file: string, history: SyncHistory): Promise<void> {
  const temporary = `${file}.partial`
  await writeFile(temporary, `${JSON.stringify(history)}\n`)
  await rename(temporary, file)
}

/**
 * The items of the 24 hours before `now`. One after `now` was stamped on another clock (the computer's, read beside a
 * demo playing in March): it is not of this clock's last day, and would be shown in a time beside the screen's.
 */
function recent<T extends { at: string }>(items: T[], now: Date): T[] {
  return items.filter((item) => {
    const age = now.getTime() - Date.parse(item.at)
    return age >= 0 && age < day
  })
}

/** The entries listed as come in from the team: those of the 24 hours before `now`, newest first. */
export function incomingInLastDay(history: SyncHistory, now: Date): IncomingEntry[] {
  return recent(history.incoming, now)
}
