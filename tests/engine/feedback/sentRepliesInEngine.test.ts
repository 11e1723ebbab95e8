import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { call, demoCases, runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** The first knowledge card on a ticket (NIM-1030 also raises an escalation alert before it). */
const knowledgeSuggestion = (activity: Awaited<ReturnType<typeof runToEnd>>['activity'], ticketId: string) =>
  activity.flatMap((a) =>
    a.type === 'suggestion' && a.suggestion.ticketId === ticketId && a.suggestion.kind !== 'escalation'
      ? [a.suggestion]
      : []
  )[0]!

describe('learning from what was sent, on the demo', () => {
  it('records adopted, edited and ignored from the analysts replies, with no click, and counts them apart', async () => {
    // First run: what Vigil shows on NIM-1029 and NIM-1030 (the same knowledge produces the same suggestions again).
    const first = await runToEnd(await tempDir())
    const sso = knowledgeSuggestion(first.activity, 'NIM-1029')
    const rateLimit = knowledgeSuggestion(first.activity, 'NIM-1030')
    await first.engine.stop()

    // Second run: the analyst of NIM-1029 sends the suggestion as is; the one of NIM-1030 sends two of its lines.
    const cases = demoCases().map((demoCase) => {
      const reply = (index: number, text: string) =>
        demoCase.messages.map((m, i) => (i === index ? { ...m, text } : m))
      if (demoCase.id === 'NIM-1029')
        return { ...demoCase, messages: reply(1, `Hi Aisha,\n${sso.text}\nLet me know!`) }
      if (demoCase.id === 'NIM-1030') {
        const index = demoCase.messages.findIndex((m) => m.role === 'analyst')
        const lines = rateLimit.text.split('\n').slice(0, 2).join('\n')
        return { ...demoCase, messages: reply(index, `${lines}\nI also had a look at your logs.`) }
      }
      return demoCase
    })
    const dir = await tempDir()
    const file = join(dir, 'cases.json')
    await writeFile(file, JSON.stringify({ version: 1, description: 'reuse', cases }))
    const harness = await runToEnd(join(dir, 'data'), { kind: 'demo', speed: 'max', file })
    const reuse = new Map(
      harness.activity.flatMap((a) => (a.type === 'reuse' ? [[a.suggestion.id, a.kind] as const] : []))
    )
    expect(reuse.get(sso.id)).toBe('adopted')
    expect(reuse.get(rateLimit.id)).toBe('edited')
    expect(reuse.get('NIM-1031:s1')).toBe('ignored')

    const [adopted] = await call<Suggestion[]>(harness.engine, 'suggestions.list', { ticketId: 'NIM-1029' })
    expect(adopted!.feedback).toEqual([
      expect.objectContaining({ kind: 'adopted', via: 'sent', reuse: expect.any(Number) })
    ])
    expect(adopted!.feedback[0]!.reuse).toBeGreaterThanOrEqual(0.7)

    const entries = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', {})
    const cited = (id: string) => entries.find((entry) => entry.id === id)!
    expect(cited(sso.citations[0]!.entryId).counters).toMatchObject({ adoptedSent: 1, adopted: 0 })
    expect(cited(rateLimit.citations[0]!.entryId).counters).toMatchObject({ editedSent: 1, adopted: 0 })
    const ignored = entries.reduce((sum, entry) => sum + (entry.counters.ignoredSent ?? 0), 0)
    expect(ignored).toBe([...reuse.values()].filter((kind) => kind === 'ignored').length)
    await harness.engine.stop()
  })
})
