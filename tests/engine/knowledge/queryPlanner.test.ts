import { describe, expect, it } from 'vitest'
import { QueryPlanner } from '../../../src/main/engine/knowledge/queryPlanner'

/** Lower-cases, splits on spaces and drops "the": enough to exercise the planner without Orama. */
const tokenize = (text: string) =>
  text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '' && word !== 'the')

function plannerWith(documents: string[]): QueryPlanner {
  const planner = new QueryPlanner(tokenize)
  for (const text of documents) planner.add([text])
  return planner
}

describe('QueryPlanner', () => {
  it('keeps every known term in a small team, rarest first, and drops words no entry has', () => {
    const planner = plannerWith(['error vpn', 'error printer', 'error disk'])
    expect(planner.plan('The error on VPN')).toBe('VPN error')
  })

  it('drops terms found in more than 2% of a large team, keeping the specific ones', () => {
    const documents = Array.from({ length: 40_000 }, (_, i) => (i % 2 === 0 ? `error case${i}` : `case${i}`))
    const planner = plannerWith([...documents, 'error vpn'])
    expect(planner.plan('error vpn')).toBe('vpn')
    expect(planner.plan('error')).toBe('')
  })

  it('forgets removed documents', () => {
    const documents = Array.from({ length: 40_000 }, (_, i) => `error case${i}`)
    const planner = plannerWith(documents)
    expect(planner.plan('error')).toBe('')
    for (const text of documents.slice(0, 39_950)) planner.remove([text])
    expect(planner.plan('error')).toBe('error')
  })

  it('prefers a word the query repeats over a slightly rarer one it mentions once', () => {
    const documents = [
      ...Array.from({ length: 200 }, (_, i) => `filler${i}`),
      'bucket one',
      'bucket two',
      'once'
    ]
    const planner = plannerWith(documents)
    const query = `bucket bucket bucket ${Array.from({ length: 15 }, (_, i) => `filler${i}`).join(' ')} once`
    const plan = planner.plan(query).split(' ')
    expect(plan).toHaveLength(16)
    expect(plan).toContain('bucket')
    expect(plan).not.toContain('once')
  })

  it('returns nothing for a query of stop words only', () => {
    expect(plannerWith(['vpn']).plan('the the')).toBe('')
  })
})
