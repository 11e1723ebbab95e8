/**
 * Decides which words of a query are worth sending to Orama.
 *
 * Orama scores every document in the posting list of every query term, and of every term the query word is a prefix
 * of. A term that appears in a large share of a big team's entries therefore makes a search slow while adding almost
 * nothing to BM25 (its IDF is near zero) and many weak candidates. The planner counts, per term, how many entries
 * contain it (the team's index counts the terms it is a prefix of too, so "t" from "don't" weighs what searching it
 * costs), and drops such terms from the query.
 * Small teams are never affected: a term is only dropped when it appears in more than `maxShare` of the entries
 * AND in more than `floor` entries. (Measured on the Ubuntu IRC train replay, 17k tickets: floor 100 and 2% instead
 * of 1000 and 5% took the eval from 1,193 to 1,547 messages/s with the same CDP and Hadoop results.)
 */
const floor = 100
const maxShare = 0.02
/** The weightiest this many terms are kept; long pasted text would otherwise cost one posting list per word. */
const maxTerms = 16
const wordSeparators = /[^\p{L}\p{N}_'-]+/u

/** Entries holding each term; the compact index keeps these beside its dictionary (see compactIndex.ts). */
export interface TermCounts {
  /** May stop counting once past `cap`. */
  get(term: string, cap: number): number
  change(terms: Set<string>, delta: number): void
}

class MapCounts implements TermCounts {
  private readonly counts = new Map<string, number>()

  get(term: string, _cap: number): number {
    return this.counts.get(term) ?? 0
  }

  change(terms: Set<string>, delta: number): void {
    for (const term of terms) {
      const count = (this.counts.get(term) ?? 0) + delta
      if (count > 0) this.counts.set(term, count)
      else this.counts.delete(term)
    }
  }
}

export class QueryPlanner {
  constructor(
    private readonly tokenize: (text: string) => string[],
    /** Entries containing each (stemmed) term. */
    private readonly documentFrequency: TermCounts = new MapCounts(),
    private documents = 0
  ) {}

  add(texts: string[]): void {
    this.documents += 1
    this.documentFrequency.change(this.termsOf(texts), 1)
  }

  remove(texts: string[]): void {
    this.documents -= 1
    this.documentFrequency.change(this.termsOf(texts), -1)
  }
  /**
   * The query to run: the original words whose terms are specific enough, weightiest first by TF-IDF (how often the
   * query uses the word, times how rare it is among the entries), so that a word the customer keeps repeating beats
   * a one-off rarity from a pasted log (on the Hadoop duplicates, rarest-first left 1 more duplicate out of the top
   * 5). Returns '' when no word is left (only stop words, or only terms common to most entries): no candidates.
   */
  plan(query: string): string {
    const limit = Math.max(floor, Math.floor(this.documents * maxShare))
    const words = new Map<string, { word: string; frequency: number; count: number }>()
    const wordOfTerm = new Map<string, string>()
    for (const word of query.split(wordSeparators)) {
      // Original words go back to Orama, which stems them itself: stemming a stem can change it.
      const terms = this.tokenize(word)
      if (terms.length === 0) continue
      const known = terms.map((term) => wordOfTerm.get(term)).find((seen) => seen !== undefined)
      if (known !== undefined) {
        words.get(known)!.count += 1
        continue
      }
      const frequency = Math.max(...terms.map((term) => this.documentFrequency.get(term, limit)))
      // A term no entry contains matches nothing; keeping it would crowd out the useful rare terms below.
      if (frequency === 0 || frequency > limit) continue
      for (const term of terms) wordOfTerm.set(term, word)
      words.set(word, { word, frequency, count: 1 })
    }
    const weight = ({ frequency, count }: { frequency: number; count: number }): number =>
      (1 + Math.log(count)) * Math.log(1 + this.documents / frequency)
    return [...words.values()]
      .sort((a, b) => weight(b) - weight(a))
      .slice(0, maxTerms)
      .map(({ word }) => word)
      .join(' ')
  }

  private termsOf(texts: string[]): Set<string> {
    const terms = new Set<string>()
    for (const text of texts) for (const term of this.tokenize(text)) terms.add(term)
    return terms
  }
}
