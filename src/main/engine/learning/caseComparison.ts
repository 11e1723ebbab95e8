/**
 * How a resolved case compares with an entry Vigil showed on it: whether the analysts solved it the same way (the
 * entry is confirmed) or not, and whether the case is about the same problem (so its resolution may correct the entry).
 */
import type { KnowledgeEntry, Suggestion } from '../../../shared/domain'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import { cosine } from '../text/similarity'
import { tokenize } from '../text/tokenize'
import { urlsIn } from '../text/urls'
import type { ExtractedCase } from './extractor'
import { differentScreens } from './menuPaths'

/** The analysts' resolution "matches" a suggestion at this similarity of their steps. */
const SAME_SOLUTION = 0.3
/** A refuted entry is corrected in place when the case is about the same problem at this similarity (the answer threshold). */
export const SAME_PROBLEM = 0.2

export class CaseComparison {
  constructor(private readonly matcher: EntryMatcher) {}

  /** Right when the analyst adopted or liked it, or (without a reaction) resolved the case the same way. */
  judge(entry: KnowledgeEntry, suggestion: Suggestion, extracted: ExtractedCase): 'confirmed' | 'refuted' {
    const reactions = new Set(suggestion.feedback.map((feedback) => feedback.kind))
    if (reactions.has('disliked') || reactions.has('dismissed')) return 'refuted'
    // Sent as is or in part (`via: 'sent'`) confirms like the adopt button.
    if (reactions.has('adopted') || reactions.has('edited') || reactions.has('liked')) return 'confirmed'
    // When the analysts linked an article, the same article is the same solution and any other is a different one.
    const ours = this.matcher.resolutionUrls(entry)
    const theirs = urlsIn(extracted.resolution.join('\n'))
    if (theirs.length > 0) return theirs.some((url) => ours.includes(url)) ? 'confirmed' : 'refuted'
    // Sent to other screens (Report settings > Day boundaries, not Admin > General > Workspace time zone): another
    // solution, even when both talk about time zones.
    if (differentScreens(entry.resolution.join('\n'), extracted.resolution.join('\n'))) return 'refuted'
    return this.resolutionSimilarity(entry, extracted) >= SAME_SOLUTION ? 'confirmed' : 'refuted'
  }

  linksOtherArticle(entry: KnowledgeEntry, extracted: ExtractedCase): boolean {
    const ours = this.matcher.resolutionUrls(entry)
    const theirs = urlsIn(extracted.resolution.join('\n'))
    return ours.length > 0 && theirs.length > 0 && !theirs.some((url) => ours.includes(url))
  }

  resolutionSimilarity(entry: KnowledgeEntry, extracted: ExtractedCase): number {
    const team = entry.team
    const theirs = this.matcher.textVector(team, [
      { tokens: tokenize(extracted.resolution.join('\n')), weight: 1 }
    ])
    const ours = this.matcher.textVector(team, [
      { tokens: this.matcher.entryTokens(entry).resolution, weight: 1 }
    ])
    return cosine(theirs, ours)
  }

  problemSimilarity(entry: KnowledgeEntry, extracted: ExtractedCase): number {
    const tokens = this.matcher.entryTokens(entry)
    const ours = this.matcher.textVector(entry.team, [
      { tokens: [...tokens.title, ...tokens.problem, ...tokens.symptoms], weight: 1 }
    ])
    const theirs = this.matcher.textVector(entry.team, [
      { tokens: tokenize(`${extracted.title}\n${extracted.problem}`), weight: 1 }
    ])
    return cosine(ours, theirs)
  }
}
