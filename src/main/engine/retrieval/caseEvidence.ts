/**
 * How likely each of a team's entries is to answer a new conversation, from the team's resolved cases: a
 * multinomial naive Bayes over the customer-side words of each case (each distinct word once per case), learned
 * online at each resolution. The prior is how often each entry's problem came up; "a problem the team has not seen"
 * is one more class, as frequent as new entries have been, whose words follow the team's wording as a whole. So the
 * posterior says both how common a problem is and whether this conversation is about it, and it is a probability:
 * a threshold on it trades how often Vigil speaks for how often it is right.
 *
 * Beside it, the complement posterior (Rennie et al., 2003: complement naive Bayes) scores each entry's words by how
 * unlikely they are in all the team's OTHER cases rather than how likely in the entry's own few: an entry seen on
 * two cases has too few words for its own estimate, while its complement has nearly all of the team's. It orders
 * cards by how often they are right better (CDP dev: right on 0.733 of the 150 most confident cards, against
 * 0.713), but for a generic wording it leans toward the entries with many cases, so it does not decide that another
 * entry is likelier than a close match seen once (see the pipeline).
 */

/** One entry's learned evidence: cases it resolved and how many of them used each word. */
export interface EntryEvidence {
  cases: number
  terms: Record<string, number>
}

export interface TeamEvidenceData {
  /** Resolved cases that started a new entry (a problem not seen before). */
  newCases: number
  entries: Record<string, EntryEvidence>
}

export interface Posterior {
  entryId: string
  /** P(entry | conversation), 0..1, among the team's accepted entries and "not seen before". */
  probability: number
  /** log P(words | entry) − log P(words | the team's cases as a whole): > 0 when the words favour the entry. */
  logLikelihoodRatio: number
  /** P(entry | conversation) by complement naive Bayes, 0..1, with the same prior and "not seen before" class. */
  complement: number
}

/** Additive smoothing of word counts. */
const ALPHA = 0.1

class TeamEvidence {
  newCases = 0
  cases = 0
  readonly entries = new Map<string, { cases: number; terms: Map<string, number>; total: number }>()
  readonly background = new Map<string, number>()
  backgroundTotal = 0

  add(entryId: string, cases: number, terms: Map<string, number>): void {
    const known = this.entries.get(entryId) ?? { cases: 0, terms: new Map<string, number>(), total: 0 }
    known.cases += cases
    this.cases += cases
    for (const [term, count] of terms) {
      known.terms.set(term, (known.terms.get(term) ?? 0) + count)
      known.total += count
      this.background.set(term, (this.background.get(term) ?? 0) + count)
      this.backgroundTotal += count
    }
    this.entries.set(entryId, known)
  }
}

export class CaseEvidence {
  private readonly teams = new Map<string, TeamEvidence>()

  /**
   * Learns that a resolved case, worded `tokens` by its customer, was answered by `entryId` (new: it created it).
   * `described`: words that say what the entry is about besides any customer's (its link's path), counted with the
   * case at `weight` each, so an entry seen once is not known only by one customer's wording.
   */
  observe(
    team: string,
    entryId: string,
    tokens: readonly string[],
    isNew: boolean,
    described: { tokens: readonly string[]; weight: number } = { tokens: [], weight: 0 }
  ): void {
    if (tokens.length === 0) return
    const evidence = this.team(team)
    if (isNew) evidence.newCases++
    const terms = new Map([...new Set(tokens)].map((term) => [term, 1]))
    if (described.weight > 0)
      for (const term of new Set(described.tokens)) terms.set(term, (terms.get(term) ?? 0) + described.weight)
    evidence.add(entryId, 1, terms)
  }

  /**
   * The posterior of every accepted entry with evidence, most likely first. `temperature` (0..1] scales the word
   * evidence: naive Bayes treats a case's words as independent, which they are not, and would be overconfident.
   */
  posteriors(
    team: string,
    tokens: readonly string[],
    temperature: number,
    accept: (entryId: string) => boolean = () => true
  ): Posterior[] {
    const evidence = this.teams.get(team)
    if (!evidence || evidence.cases === 0) return []
    const words = [...new Set(tokens)].filter((term) => evidence.background.has(term))
    const vocabulary = evidence.background.size
    const logLikelihood = (terms: Map<string, number>, total: number): number => {
      let sum = 0
      for (const term of words)
        sum += Math.log(((terms.get(term) ?? 0) + ALPHA) / (total + ALPHA * vocabulary))
      return sum
    }
    const background = logLikelihood(evidence.background, evidence.backgroundTotal)
    const newShare = (evidence.newCases + 1) / (evidence.cases + 2)
    const scored: { entryId: string; score: number; complementScore: number; ratio: number }[] = []
    for (const [entryId, entry] of evidence.entries) {
      if (!accept(entryId)) continue
      const ratio = logLikelihood(entry.terms, entry.total) - background
      // log P(words | background) − log P(words | every other case of the team): > 0 when the words are rarer
      // outside the entry than in the team's cases as a whole.
      const others = evidence.backgroundTotal - entry.total
      let complement = 0
      for (const term of words) {
        const count = evidence.background.get(term)! - (entry.terms.get(term) ?? 0)
        complement += Math.log((count + ALPHA) / (others + ALPHA * vocabulary))
      }
      const prior = ((1 - newShare) * entry.cases) / evidence.cases
      scored.push({
        entryId,
        score: Math.log(prior) + temperature * ratio,
        complementScore: Math.log(prior) + temperature * (background - complement),
        ratio
      })
    }
    if (scored.length === 0) return []
    // "Not seen before" has the background's likelihood: its log ratio is 0.
    const unseen = Math.log(newShare)
    type Scored = (typeof scored)[number]
    const normalised = (score: (item: Scored) => number): ((item: Scored) => number) => {
      const top = Math.max(unseen, ...scored.map(score))
      const total =
        Math.exp(unseen - top) + scored.reduce((sum, item) => sum + Math.exp(score(item) - top), 0)
      return (item) => Math.exp(score(item) - top) / total
    }
    const probability = normalised((item) => item.score)
    const complement = normalised((item) => item.complementScore)
    return scored
      .map((item) => ({
        entryId: item.entryId,
        probability: probability(item),
        complement: complement(item),
        logLikelihoodRatio: item.ratio
      }))
      .sort((a, b) => b.probability - a.probability || a.entryId.localeCompare(b.entryId))
  }

  export(team: string): TeamEvidenceData | undefined {
    const evidence = this.teams.get(team)
    if (!evidence) return undefined
    const entries: Record<string, EntryEvidence> = {}
    for (const [entryId, { cases, terms }] of evidence.entries) {
      entries[entryId] = { cases, terms: Object.fromEntries(terms) }
    }
    return { newCases: evidence.newCases, entries }
  }

  load(team: string, data: TeamEvidenceData): void {
    const evidence = new TeamEvidence()
    evidence.newCases = data.newCases
    for (const [entryId, { cases, terms }] of Object.entries(data.entries)) {
      evidence.add(entryId, cases, new Map(Object.entries(terms)))
    }
    this.teams.set(team, evidence)
  }

  private team(team: string): TeamEvidence {
    let evidence = this.teams.get(team)
    if (!evidence) {
      evidence = new TeamEvidence()
      this.teams.set(team, evidence)
    }
    return evidence
  }
}
