import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KnowledgeGaps, type UnansweredProblem } from '../../../src/main/engine/gaps/knowledgeGaps'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const at = new Date('2026-03-01T10:00:00Z')

const problem = (ticketId: string, subject: string, query: string, team = 'billing'): UnansweredProblem => ({
  team,
  ticketId,
  subject,
  query,
  at
})

describe('KnowledgeGaps', () => {
  it('counts a ticket once, the same topic across tickets, and another topic apart; most frequent first', async () => {
    const gaps = await KnowledgeGaps.open(join(await tempDir(), 'gaps.json'), () => {})
    gaps.record(problem('T-1', 'Charged twice for the annual plan', 'two identical charges on our card'))
    gaps.record(problem('T-1', 'Charged twice for the annual plan', 'still two charges, any news?'))
    gaps.record(problem('T-3', 'Dark mode missing in the app', 'the dark mode setting is gone'))
    gaps.record(problem('T-2', 'We were charged twice for the plan', 'our card shows two charges'))
    gaps.record(problem('T-4', 'Charged twice', 'two charges', 'other-team'))
    const listed = gaps.list('billing')
    expect(listed.map((gap) => [gap.topic, gap.count, gap.ticketIds])).toEqual([
      ['charged twice annual plan', 2, ['T-1', 'T-2']],
      ['dark mode missing app', 1, ['T-3']]
    ])
    expect(gaps.list('other-team')).toHaveLength(1)
    await gaps.flush()
  })

  it('a withdrawn ticket no longer counts; a gap without tickets goes', async () => {
    const gaps = await KnowledgeGaps.open(join(await tempDir(), 'gaps.json'), () => {})
    gaps.record(problem('T-1', 'Charged twice for the annual plan', 'two identical charges'))
    gaps.record(problem('T-2', 'Charged twice for the plan', 'two charges'))
    gaps.withdraw('billing', 'T-1')
    expect(gaps.list('billing').map((gap) => [gap.count, gap.ticketIds])).toEqual([[1, ['T-2']]])
    gaps.withdraw('billing', 'T-2')
    expect(gaps.list('billing')).toEqual([])
    await gaps.flush()
  })

  it('closes the gaps an answer is found for, keeping them listed after the open ones', async () => {
    const gaps = await KnowledgeGaps.open(join(await tempDir(), 'gaps.json'), () => {})
    gaps.record(problem('T-1', 'Charged twice for the annual plan', 'two identical charges'))
    gaps.record(problem('T-3', 'Dark mode missing in the app', 'the dark mode setting is gone'))
    const closed = gaps.closeAnswered(
      'billing',
      (gap) => (gap.topic.includes('charged') ? { entryId: 'kb-1', title: 'Charged twice' } : null),
      at
    )
    expect(closed.map((gap) => gap.ticketIds)).toEqual([['T-1']])
    expect(gaps.list('billing').map((gap) => [gap.status, gap.answeredBy?.entryId])).toEqual([
      ['open', undefined],
      ['closed', 'kb-1']
    ])
    expect(gaps.list('billing', 'open')).toHaveLength(1)
    await gaps.flush()
  })

  it('persists the changes (coalesced writes) and reads them back', async () => {
    const file = join(await tempDir(), 'gaps.json')
    const gaps = await KnowledgeGaps.open(file, () => {})
    gaps.record(problem('T-1', 'Charged twice for the annual plan', 'two identical charges'))
    gaps.record(problem('T-2', 'Charged twice for the plan', 'two charges'))
    await gaps.flush()
    const reopened = await KnowledgeGaps.open(file, () => {})
    expect(reopened.list('billing')).toEqual(gaps.list('billing'))
  })

  it('sets an unreadable file aside (not lost), says so, and starts empty', async () => {
    const file = join(await tempDir(), 'gaps.json')
    await writeFile(file, '{"version":1,"gaps":[{"id":"x"}]}')
    const warnings: string[] = []
    const gaps = await KnowledgeGaps.open(file, (message) => warnings.push(message))
    expect(gaps.list('billing')).toEqual([])
    expect(warnings[0]).toMatch(/gaps\.json: gaps\.0\.team: .*kept as .*gaps\.json\.invalid/)
    expect(await readFile(`${file}.invalid`, 'utf8')).toBe('{"version":1,"gaps":[{"id":"x"}]}')
  })

  it('keeps at most 500 gaps per team, letting the least telling go first', async () => {
    const gaps = await KnowledgeGaps.open(join(await tempDir(), 'gaps.json'), () => {})
    const recorded = (n: number) =>
      gaps.record({
        ...problem(`T-${n}`, `Gadget${n} breaks${n}`, `thing${n}`),
        at: new Date(at.getTime() + n)
      })
    recorded(0)
    recorded(0 + 1_000) // a second topic, then the first one again: it counts twice and must stay
    gaps.record({ ...problem('T-x', 'Gadget0 breaks0', 'thing0'), at })
    for (let n = 1; n < 500; n++) recorded(n)
    expect(gaps.list('billing')).toHaveLength(500)
    expect(gaps.list('billing')[0]!.count).toBe(2)
    expect(gaps.list('billing').some((gap) => gap.ticketIds.includes('T-1'))).toBe(false)
    await gaps.flush() // the background write ends before the folder is removed
  })
})
