/**
 * Item 7, an event and its effects commit together or are redone: a reaction (its line in suggestions.jsonl), the
 * cited entry's counter (knowledge) and the team's adaptation (adaptive.json) are three writes, and so are a
 * resolution's knowledge, adaptation and learning-journal mark. Each test builds the data folder a SIGKILL between
 * two of those writes leaves behind (from the files an uninterrupted run wrote before and after), restarts the
 * engine on it and expects the counters and adaptation the uninterrupted run ends with: nothing lost, nothing twice.
 */
import { existsSync } from 'node:fs'
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import type { SourceOptions } from '../../../src/main/engine/types'
import { buildEngine, call, demoCases } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const idle: SourceOptions = { kind: 'none' }

/** Starts an engine on `dataDir`, lets it finish what it finds (and the source), runs `then`, stops it. */
async function session<T>(
  dataDir: string,
  source: SourceOptions,
  then: (engine: ReturnType<typeof buildEngine>['engine']) => Promise<T>
): Promise<T> {
  const { engine } = buildEngine(dataDir, source)
  await engine.start()
  await engine.whenSourceIdle()
  try {
    return await then(engine)
  } finally {
    await engine.stop()
  }
}

/** Every entry's counters, the adaptation file and the wordings: what a reaction or a resolution moves. */
async function effects(dataDir: string) {
  const entries = await session(dataDir, idle, (engine) =>
    call<KnowledgeEntry[]>(engine, 'knowledge.list', {})
  )
  const wordings = join(dataDir, 'wordings')
  const files = existsSync(wordings) ? (await readdir(wordings)).filter((name) => name.endsWith('.json')) : []
  return {
    counters: Object.fromEntries(entries.map((entry) => [entry.id, entry.counters])),
    adaptive: JSON.parse(await readFile(join(dataDir, 'adaptive.json'), 'utf8').catch(() => '{}')) as unknown,
    wordings: Object.fromEntries(
      await Promise.all(
        files.map(async (name) => [name, JSON.parse(await readFile(join(wordings, name), 'utf8'))] as const)
      )
    )
  }
}

const copyOf = async (dataDir: string): Promise<string> => {
  const copy = await tempDir()
  await cp(dataDir, copy, { recursive: true })
  return copy
}

/** Puts the adaptation file of `from` (none, when it had none) into `to`. */
const adaptationOf = async (from: string, to: string): Promise<void> => {
  await rm(join(to, 'adaptive.json'), { force: true })
  if (existsSync(join(from, 'adaptive.json')))
    await cp(join(from, 'adaptive.json'), join(to, 'adaptive.json'))
}

/** Removes the one line of `file` that holds `contains` (a journal without it: before the effects were marked). */
const dropLine = async (file: string, contains: string): Promise<void> => {
  if (!existsSync(file)) return // No such journal (an engine without one): nothing marked, nothing to remove.
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim())
  const kept = lines.filter((line) => !line.includes(contains))
  expect(kept.length).toBe(lines.length - 1)
  await writeFile(file, kept.map((line) => `${line}\n`).join(''))
}

describe('a reaction whose effects a kill cut short', () => {
  /** A demo run with no reaction yet (`before`), the same folder after a like (`after`), and the card liked. */
  async function likedOnce() {
    const before = await tempDir()
    const card = await session(before, { kind: 'demo', speed: 'max' }, async (engine) => {
      const cards = await call<Suggestion[]>(engine, 'suggestions.list', { limit: 500 })
      // A card citing knowledge that no analyst reacted to yet (a sent reply may have `ignored` it).
      return cards.find(
        (item) => item.citations.length > 0 && item.feedback.every((feedback) => feedback.kind === 'ignored')
      )!
    })
    expect(card).toBeDefined()
    const after = await copyOf(before)
    await session(after, idle, (engine) =>
      call(engine, 'suggestions.react', { suggestionId: card.id, kind: 'liked' })
    )
    const expected = await effects(await copyOf(after))
    const entryId = card.citations[0]!.entryId
    // The like moved the entry's counter and the adaptation: the writes a kill can come between.
    expect(expected.counters[entryId]!.liked).toBe(1)
    expect(expected.adaptive).not.toEqual((await effects(await copyOf(before))).adaptive)
    return { before, after, card, expected }
  }

  it('killed after its line was logged: the restart applies its counter and adaptation', async () => {
    const { before, after, expected } = await likedOnce()
    // The folder as the kill left it: everything from before, plus the reaction's line in suggestions.jsonl.
    const killed = await copyOf(before)
    await cp(join(after, 'suggestions.jsonl'), join(killed, 'suggestions.jsonl'))
    expect(await effects(killed)).toEqual(expected)
  })

  it('killed after the counter, before the adaptation: the restart adapts and counts the like once', async () => {
    const { before, after, card, expected } = await likedOnce()
    const killed = await copyOf(after)
    await adaptationOf(before, killed)
    await dropLine(join(killed, 'reacted.jsonl'), `${card.id}/liked`)
    expect(await effects(killed)).toEqual(expected)
  })

  it('killed before its effects were marked done: the restart counts nothing twice', async () => {
    const { after, card, expected } = await likedOnce()
    const killed = await copyOf(after)
    await dropLine(join(killed, 'reacted.jsonl'), `${card.id}/liked`)
    expect(await effects(killed)).toEqual(expected)
  })
})

describe('a resolution whose effects a kill cut short', () => {
  const events = demoCaseEvents(demoCases().slice(0, 14))
  const replay = (count: number): SourceOptions => ({
    kind: 'replay',
    id: 'r',
    events: events.slice(0, count),
    speed: 'max'
  })

  /**
   * The first resolution (after `skip` such) whose review gave an entry one of `types`, in an uninterrupted run.
   * The team's very first entry is skipped for `learned`: with no wordings file yet, a restart rebuilds the
   * team's wordings from its entries, which is another path.
   */
  async function firstResolutionWith(types: readonly string[], skip = 0) {
    const probe = buildEngine(await tempDir(), replay(events.length))
    await probe.engine.start()
    await probe.engine.whenSourceIdle()
    await probe.engine.stop()
    const outcome = probe.activity.filter((item) => types.includes(item.type))[skip]
    expect(outcome).toBeDefined()
    const ticketId = (outcome as { ticketId: string }).ticketId
    const resolution = events.find((event) => event.type === 'ticket.resolved' && event.ticketId === ticketId)
    expect(resolution).toBeDefined()
    return resolution!
  }

  it.each([
    ['a card it showed judged (its verdict adapts)', ['confirmed', 'refuted', 'corrected'], 0],
    ['a new entry learned (its wording evidence)', ['learned'], 1]
  ])(
    'with %s, killed after the knowledge was written: the restart ends as an uninterrupted run',
    async (_, types, skip) => {
      const resolution = await firstResolutionWith(types, skip)
      const index = events.indexOf(resolution)
      const before = await tempDir()
      await session(before, replay(index), async () => {})
      const after = await copyOf(before)
      await session(after, replay(index + 1), async () => {})
      const expected = await effects(await copyOf(after))
      const earlier = await effects(await copyOf(before))
      expect({ adaptive: earlier.adaptive, wordings: earlier.wordings }).not.toEqual({
        adaptive: expected.adaptive,
        wordings: expected.wordings
      })

      // The kill came after the review's knowledge writes: adaptation and wordings as before, no journal mark.
      const killed = await copyOf(after)
      await adaptationOf(before, killed)
      await rm(join(killed, 'wordings'), { recursive: true, force: true })
      if (existsSync(join(before, 'wordings')))
        await cp(join(before, 'wordings'), join(killed, 'wordings'), { recursive: true })
      await dropLine(join(killed, 'learned.jsonl'), resolution.eventId)
      expect(await effects(killed)).toEqual(expected)
    }
  )

  it('killed after everything but the journal mark: the restart counts nothing twice', async () => {
    const resolution = await firstResolutionWith(['confirmed', 'refuted', 'corrected'])
    const after = await tempDir()
    await session(after, replay(events.indexOf(resolution) + 1), async () => {})
    const expected = await effects(await copyOf(after))
    const killed = await copyOf(after)
    await dropLine(join(killed, 'learned.jsonl'), resolution.eventId)
    expect(await effects(killed)).toEqual(expected)
  })
})
