/**
 * An event and its effects commit together or are redone: a message logged before a kill whose cards were never
 * shown is handled again at the next start (the event is logged, so the source's re-delivery is dropped).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Suggestion } from '../../../src/shared/domain'
import type { ConnectorEvent } from '../../../src/shared/events'
import { buildEngine, call, runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** A line of events.jsonl, suggestions.jsonl or handled.jsonl (the fields this test reads). */
interface Line {
  type?: string
  suggestion?: Suggestion
  event?: ConnectorEvent
  eventId?: string
}

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Line)

describe('a message whose work a kill cut short', () => {
  it('is handled at the next start: its card is shown then', async () => {
    const dataDir = await tempDir()
    await (await runToEnd(dataDir)).engine.stop()

    // The first card the demo showed, and the message event that triggered it.
    const suggestionsFile = join(dataDir, 'suggestions.jsonl')
    const records = await lines(suggestionsFile)
    const firstIndex = records.findIndex(
      (record) => record.type === 'suggestion' && record.suggestion?.triggerMessageId
    )
    const first = records[firstIndex]!.suggestion as Suggestion
    const eventsFile = join(dataDir, 'events.jsonl')
    const events = await lines(eventsFile)
    const triggerIndex = events.findIndex(
      (record) => record.event?.type === 'message.added' && record.event.message.id === first.triggerMessageId
    )
    const trigger = events[triggerIndex]!.event!
    // As if the process died right after logging that message: nothing after it, no card, not marked handled.
    const write = (file: string, kept: unknown[]) =>
      writeFile(file, kept.map((record) => JSON.stringify(record) + '\n').join(''))
    await write(eventsFile, events.slice(0, triggerIndex + 1))
    await write(suggestionsFile, records.slice(0, firstIndex))
    const handledFile = join(dataDir, 'handled.jsonl')
    const handled = await lines(handledFile)
    expect(handled.some((record) => record.eventId === trigger.eventId)).toBe(true)
    await write(
      handledFile,
      handled.filter((record) => record.eventId !== trigger.eventId)
    )

    const again = buildEngine(dataDir, { kind: 'none' })
    await again.engine.start()
    await again.engine.whenSourceIdle()
    const cards = await call<Suggestion[]>(again.engine, 'suggestions.list', { ticketId: first.ticketId })
    expect(cards.some((card) => card.triggerMessageId === first.triggerMessageId)).toBe(true)
    await again.engine.stop()
    expect((await lines(handledFile)).some((record) => record.eventId === trigger.eventId)).toBe(true)
  })
})
