/**
 * The clock `vigil sync` stamps a data folder's sync history with: the one the app reads that folder against. A
 * folder the built-in demo plays in lives on the demo's clock (the time of the latest event it played, as the
 * engine's clock does), so a bundle taken in from the command line is not shown in the computer's time beside the
 * demo's; any other folder uses the computer's clock.
 */
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { ConnectorEvent } from '../../shared/events'
import { eventTime } from '../../shared/events'
import type { Clock } from '../engine/host'

/** The events log's last lines are enough: the latest event is at its end. */
const TAIL_BYTES = 64 * 1024

export async function dataFolderClock(dataDir: string): Promise<Clock> {
  const demoTime = await latestDemoEvent(join(dataDir, 'events.jsonl'))
  return demoTime ? { now: () => demoTime } : { now: () => new Date() }
}

/** The latest time among the last logged events, when the last one came from the demo; else null. */
async function latestDemoEvent(file: string): Promise<Date | null> {
  let text: string
  let cut = false
  try {
    const handle = await open(file, 'r')
    try {
      const { size } = await handle.stat()
      const length = Math.min(size, TAIL_BYTES)
      const buffer = Buffer.alloc(length)
      await handle.read(buffer, 0, length, size - length)
      text = buffer.toString('utf8')
      cut = length < size
    } finally {
      await handle.close()
    }
  } catch {
    return null
  }
  const logged = text
    .split('\n')
    // A line cut by the tail's start is not read.
    .slice(cut ? 1 : 0)
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as { connectorId?: string; event?: ConnectorEvent }
        return parsed.event
          ? [{ connectorId: parsed.connectorId, time: Date.parse(eventTime(parsed.event)) }]
          : []
      } catch {
        return []
      }
    })
    .filter((item) => Number.isFinite(item.time))
  if (logged.at(-1)?.connectorId !== 'demo') return null
  return new Date(Math.max(...logged.map((item) => item.time)))
}
