/**
 * How a resolved case compares with an entry Vigil showed on it: whether the analysts solved it the same way (the
 * entry is confirmed) or not, and whether the case is about the same problem (so its resolution may correct the entry).
 */
import type { KnowledgeEntry, Suggestion } from '../../../shared/domain'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import { distinctiveTerms } from '../pipeline/distinctiveWords'
import { cosine } from '../text/similarity'
import { tokenize } from '../text/tokenize'
import { urlsIn } from '../text/urls'
import type { ExtractedCase } from './extractor'
import { differentScreens } from './menuPaths'
import { differentSubjects, subjectsOfEntry } from './subjects'

/**
 * The analysts' resolution is the entry's when their steps' telling words (see sameSolution) are this similar and
 * they share MIN_SHARED_WORDS of them (half the entry's, for an entry of few words). On the demo, the same fixes
 * score 0.23-0.72 with 7-25 shared words; the per-report time zone fix against the workspace time zone entry 0.28
 * with 4 ("report", "zone", "select", "schedul").
 */
const SAME_SOLUTION = 0.2
/** A refuted entry is corrected in place when the case is about the same problem at this similarity (the answer threshold). */
export const SAME_PROBLEM = 0.2
const MIN_SHARED_WORDS = 5

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
    const same = this.sameSolution(entry, extracted)
    return same.similarity >= SAME_SOLUTION && same.words.length >= same.needed ? 'confirmed' : 'refuted'
  }

  linksOtherArticle(entry: KnowledgeEntry, extracted: ExtractedCase): boolean {
    const ours = this.matcher.resolutionUrls(entry)
    const theirs = urlsIn(extracted.resolution.join('\n'))
    return ours.length > 0 && theirs.length > 0 && !theirs.some((url) => ours.includes(url))
  }

  /**
   * How alike the two resolutions are on the words that say what was done (a setting's name, "kms", "cname",
   * "retry-after"), and which of those words they share. Everyday and support-desk words ("click", "check",
   * "settings") and the words most of the team's entries use (the product's name) are left out: two fixes that only
   * both say "open Settings and click Save" are not the same solution.
   */
  sameSolution(
    entry: KnowledgeEntry,
    extracted: ExtractedCase
  ): { similarity: number; words: string[]; needed: number } {
    const team = entry.team
    const telling = (tokens: readonly string[]): string[] => {
      const everywhere = new Set(this.matcher.everywhereTerms(team, [...new Set(tokens)]))
      return distinctiveTerms(tokens).filter((token) => !everywhere.has(token))
    }
    const theirTokens = telling(tokenize(extracted.resolution.join('\n')))
    const ourTokens = telling(this.matcher.entryTokens(entry).resolution)
    const theirs = this.matcher.textVector(team, [{ tokens: theirTokens, weight: 1 }])
    const ours = this.matcher.textVector(team, [{ tokens: ourTokens, weight: 1 }])
    const shared = new Set(ourTokens)
    return {
      similarity: cosine(theirs, ours),
      words: [...new Set(theirTokens.filter((token) => shared.has(token)))],
      needed: Math.min(MIN_SHARED_WORDS, Math.max(2, Math.ceil(shared.size / 2)))
    }
  }

  /**
   * Whether the retrieval side sees the case and the entry as one problem: no product, vendor or error code apart
   * (see differentSubjects) and problems alike by their words (SAME_PROBLEM). A model's verdict that would fold the
   * case into the entry (keep, correct) stands only then: a model may be wrong about anything.
   */
  sameProblem(
    entry: KnowledgeEntry,
    extracted: ExtractedCase,
    about: { subjects: readonly string[]; text: string }
  ): boolean {
    const entryText = [entry.title, entry.problem, ...entry.symptoms, ...entry.resolution].join('\n')
    if (differentSubjects(about.subjects, about.text, subjectsOfEntry(entry), entryText)) return false
    return this.problemSimilarity(entry, extracted) >= SAME_PROBLEM
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
