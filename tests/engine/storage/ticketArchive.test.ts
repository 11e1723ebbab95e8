/**
 * The archives of retired tickets (storage/ticketArchive.ts): a ticket's records are read back from the byte ranges
 * its index lines name, not by reading the whole archive; an index written before ranges existed still works.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventArchive } from '../../../src/main/engine/storage/eventArchive'
import type { EventRecord } from '../../../src/main/engine/storage/eventLog'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

const message = (ticketId: string, n: number): EventRecord => ({
  connectorId: 'demo',
  event: {
    eventId: `${ticketId}-e${n}`,
    type: 'message.added',
    message: {
      id: `${ticketId}-m${n}`,
      ticketId,
      authorRole: 'customer',
      authorName: 'Casey',
      text: `Message ${n} about ${ticketId}, with an accent: café`,
      time: `2026-03-0${n}T09:00:00.000Z`
    }
  }
})

describe('ticket archive', () => {
  it("reads a ticket's records back from its ranges, over several batches, each record once", async () => {
    const dataDir = await tempDir()
    const archive = await EventArchive.open(dataDir, () => undefined)
    await archive.add([message('T-1', 1), message('T-2', 1), message('T-1', 2)])
    await archive.add([message('T-2', 2), message('T-1', 3), message('T-1', 2)])
    await archive.close()
    // Garbage between the ranges is never read: only T-1's own bytes are.
    appendFileSync(join(dataDir, 'events-archive.jsonl'), 'not json\n')
    const reopened = await EventArchive.open(dataDir, () => undefined)
    expect(reopened.has('T-1')).toBe(true)
    const ids = (await reopened.recordsOf('T-1')).map((record) => record.event.eventId)
    expect(ids).toEqual(['T-1-e1', 'T-1-e2', 'T-1-e3'])
    expect((await reopened.recordsOf('T-2')).map((record) => record.event.eventId)).toEqual([
      'T-2-e1',
      'T-2-e2'
    ])
    expect(await reopened.recordsOf('T-3')).toEqual([])
    await reopened.close()
  })

  it('reads the whole archive for a ticket indexed before ranges existed', async () => {
    const dataDir = await tempDir()
    const records = [message('T-1', 1), message('T-2', 1), message('T-1', 2)]
    writeFileSync(
      join(dataDir, 'events-archive.jsonl'),
      records.map((r) => JSON.stringify(r) + '\n').join('')
    )
    writeFileSync(join(dataDir, 'events-archive.tickets.jsonl'), '{"ticketId":"T-1"}\n{"ticketId":"T-2"}\n')
    const archive = await EventArchive.open(dataDir, () => undefined)
    expect((await archive.recordsOf('T-1')).map((record) => record.event.eventId)).toEqual([
      'T-1-e1',
      'T-1-e2'
    ])
    await archive.close()
  })
})
