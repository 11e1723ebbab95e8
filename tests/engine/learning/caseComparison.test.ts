import { describe, expect, it } from 'vitest'
import type { Suggestion } from '../../../src/shared/domain'
import { CaseComparison } from '../../../src/main/engine/learning/caseComparison'
import type { ExtractedCase } from '../../../src/main/engine/learning/extractor'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { cosine } from '../../../src/main/engine/text/similarity'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { entry, exportEntry, samlEntry } from '../../helpers/knowledgeFixtures'

const shown = { feedback: [] } as unknown as Suggestion

const resolved = (resolution: string[]): ExtractedCase => ({
  ticketId: 'NEW-1',
  team: 'cloud-support',
  title: 'Reports look wrong',
  problem: 'The weekly report shows the wrong numbers.',
  symptom: 'The weekly report shows the wrong numbers.',
  resolution,
  messageIds: []
})

function comparisonWith(resolution: string[]) {
  const matcher = new EntryMatcher()
  const stored = entry({ id: 'kb-report', title: 'Report totals wrong', resolution })
  for (const other of [stored, samlEntry(), exportEntry()]) matcher.index(other)
  return { comparison: new CaseComparison(matcher), stored, matcher }
}

describe('whether the analysts solved a case the way an entry says', () => {
  it('is not the same solution when the two fixes share only everyday words', () => {
    const ours = [
      'Open your account settings page and check each setting, then click save and try again.',
      'Recalculate the report under Reports > Rebuild totals.'
    ]
    const theirs = [
      'Open the account settings page, check the setting and click save.',
      'Then try again; ask the customer to clear the browser cache and reinstall the desktop widget.'
    ]
    const { comparison, stored, matcher } = comparisonWith(ours)
    // Word for word, the two resolutions look alike: the old rule (cosine of all their words >= 0.3) confirmed it.
    const allWords = (text: string[]) =>
      matcher.textVector('cloud-support', [{ tokens: tokenize(text.join('\n')), weight: 1 }])
    expect(cosine(allWords(ours), allWords(theirs))).toBeGreaterThanOrEqual(0.3)
    // Of their shared words only "save" says anything: "open", "account", "settings", "check", "click" do not.
    expect(comparison.sameSolution(stored, resolved(theirs)).words).toEqual(['save'])
    expect(comparison.judge(stored, shown, resolved(theirs))).toBe('refuted')
  })

  it('is the same solution, however worded, when the fixes share the words that say what was done', () => {
    const { comparison, stored } = comparisonWith([
      'The report groups days in the workspace time zone.',
      'Change the workspace time zone to your own under Admin > General.',
      'Totals recalculate within a few minutes; exports keep UTC timestamps.'
    ])
    const theirs = resolved([
      'Their workspace time zone was still UTC, so late tickets counted on the next day.',
      'Set the workspace time zone under Admin > General, totals recalculate shortly after; exports stay in UTC timestamps.'
    ])
    expect(comparison.sameSolution(stored, theirs).words).toEqual(
      expect.arrayContaining(['zone', 'utc', 'timestamp', 'recalculat', 'total'])
    )
    expect(comparison.judge(stored, shown, theirs)).toBe('confirmed')
  })
})
