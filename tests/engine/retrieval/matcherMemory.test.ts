/** The matcher restored from saved summaries matches exactly as one derived from every entry. */
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { MatcherMemory } from '../../../src/main/engine/retrieval/matcherMemory'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { entry } from '../../helpers/knowledgeFixtures'
import { recordingLogger } from '../../helpers/engineHarness'

const team = 'cloud-support'
const topics = ['SAML certificate', 'CSV export timeout', 'webhook retries', 'API rate limit', 'SSO redirect']

function made(i: number, version = 1): KnowledgeEntry {
  const topic = topics[i % topics.length]!
  return entry({
    id: `kb-${i}`,
    version,
    title: `${topic} problem number ${i}${version > 1 ? ' revised' : ''}`,
    problem: `Customers report the ${topic} fails on workspace ${i % 7}.`,
    symptoms: [`${topic} error ${i % 3}`],
    resolution: [`Follow https://docs.example.com/${topic.split(' ')[0]!.toLowerCase()} step ${i % 4}.`],
    sourceTicketIds: [`T-${i}`, `T-${i % 5}`],
    ...(i % 11 === 0 ? { status: 'retired' as const } : {})
  })
}

const queries = [
  'SAML certificate rotated and sign in fails',
  'export of csv times out again',
  'webhook retries and rate limit on workspace 3'
].map((text) => tokenize(text))

/**
 * Everything the engine reads from a matcher, for the team's current entries. The ids under a URL or a ticket are
 * compared as sets: a restored matcher keeps the order the running one indexed them in (a re-learned entry last),
 * where one derived from the store has them in the store's order.
 */
function readings(matcher: EntryMatcher, entries: KnowledgeEntry[]) {
  return {
    cases: matcher.teamCaseCount(team),
    linking: topics.map((topic) =>
      matcher.entriesLinking(team, [`docs.example.com/${topic.split(' ')[0]!.toLowerCase()}`]).sort()
    ),
    fromTicket: ['T-0', 'T-1', 'T-2', 'T-12', 'T-30'].map((id) => matcher.entriesFromTicket(team, id).sort()),
    scores: queries.map((query) => {
      const vector = matcher.queryVector(team, query)
      return entries.map((item) => [
        item.id,
        Math.round(matcher.similarity(vector, item) * 1e12),
        matcher.sharedProblemTerms(team, query, item).join(' '),
        matcher.everywhereTerms(team, [...query]).join(' '),
        matcher.resolutionUrls(item).join(' ')
      ])
    })
  }
}

function derivedFrom(knowledge: KnowledgeStore): EntryMatcher {
  const matcher = new EntryMatcher()
  for (const item of knowledge.entries(team)) matcher.index(item)
  return matcher
}

describe('the matcher memory', () => {
  let dir = ''
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('restores the saved state and the log written since, matching exactly as one derived from every entry', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-matcher-'))
    const open = () => KnowledgeStore.open({ dir: join(dir, 'knowledge'), logger: recordingLogger() })
    const summaries = join(dir, 'matcher')
    let knowledge = await open()
    for (let i = 0; i < 40; i++) await knowledge.put(made(i))
    await knowledge.compact(team)
    for (let i = 40; i < 45; i++) await knowledge.put(made(i))
    const first = await MatcherMemory.open(summaries, knowledge, () => undefined)
    expect(first.derived).toEqual([{ team, reason: 'no usable summary' }])
    await knowledge.close()

    // Written after the summary and never saved with it (as if the process was killed): the log's tail.
    knowledge = await open()
    await knowledge.put(made(3, 2))
    await knowledge.put(made(46))
    await knowledge.close()

    knowledge = await open()
    const second = await MatcherMemory.open(summaries, knowledge, () => undefined)
    expect(second.derived).toEqual([])
    const current = knowledge.entries(team)
    expect(current).toHaveLength(46)
    expect(readings(second.matcher, current)).toEqual(readings(derivedFrom(knowledge), current))
    expect(second.matcher.entriesFromTicket(team, 'T-46')).toEqual(['kb-46'])
    expect(second.matcher.entriesLinking(team, ['docs.example.com/api'])).toHaveLength(9)
    expect(second.matcher.resolutionUrls(current.find((item) => item.id === 'kb-3')!)).toEqual([
      'docs.example.com/api'
    ])
    await knowledge.close()
  })

  it('derives a team again when its summary is damaged or predates a compaction, and matches the same', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-matcher-'))
    const open = () => KnowledgeStore.open({ dir: join(dir, 'knowledge'), logger: recordingLogger() })
    const summaries = join(dir, 'matcher')
    let knowledge = await open()
    for (let i = 0; i < 20; i++) await knowledge.put(made(i))
    await (await MatcherMemory.open(summaries, knowledge, () => undefined)).save()
    await knowledge.put(made(5, 2))
    await knowledge.compact(team)
    await knowledge.close()

    knowledge = await open()
    const afterCompaction = await MatcherMemory.open(summaries, knowledge, () => undefined)
    expect(afterCompaction.derived).toEqual([{ team, reason: 'its summary predates a compaction' }])
    const current = knowledge.entries(team)
    expect(readings(afterCompaction.matcher, current)).toEqual(readings(derivedFrom(knowledge), current))

    const [file] = await readdir(summaries)
    await writeFile(join(summaries, file!), 'not a summary')
    const damaged = await MatcherMemory.open(summaries, knowledge, () => undefined)
    expect(damaged.derived).toEqual([{ team, reason: 'no usable summary' }])
    expect(readings(damaged.matcher, current)).toEqual(readings(derivedFrom(knowledge), current))
    await knowledge.close()
  })
})
