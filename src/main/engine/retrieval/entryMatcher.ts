/**
 * Scores how well a knowledge entry matches a piece of conversation, 0..1, with TF-IDF cosine over each team's
 * entries. The problem side (title, problem, symptoms) weighs most: customers describe problems, not fixes.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { cosine, normalize, tfidfVector, type SparseVector } from '../text/similarity'
import type { TermStatistics } from '../text/termStatistics'
import { tokenize } from '../text/tokenize'
import { TeamMatch } from './teamMatch'

interface EntryTokens {
  title: string[]
  problem: string[]
  symptoms: string[]
  resolution: string[]
}

const WEIGHTS = { title: 1, problem: 1, symptoms: 0.7, resolution: 0.35 } as const

/** A team's word is too common to say which problem a conversation is about only once the team has this many entries. */
const COMMON_AFTER_ENTRIES = 8

/** Entries whose token lists and vectors are kept derived (most recently used): a team may hold 100k entries. */
const derivedCacheSize = 5000

export class EntryMatcher {
  private readonly teams = new Map<string, TeamMatch>()
  /** Token lists of recently used entries (of the version last indexed, once indexed). */
  private readonly tokens = new Map<string, EntryTokens>()
  /** Each entry's vector with the entry version and team statistics revision it was derived under. */
  private readonly vectors = new Map<string, { version: number; revision: number; vector: SparseVector }>()

  /** A matcher holding teams restored from saved state (see matcherMemory.ts). */
  static restored(teams: ReadonlyMap<string, TeamMatch>): EntryMatcher {
    const matcher = new EntryMatcher()
    for (const [team, match] of teams) matcher.teams.set(team, match)
    return matcher
  }

  /** One team's state, to save (null when no entry of it was indexed). */
  teamState(team: string): TeamMatch | null {
    return this.teams.get(team) ?? null
  }

  /** Adds or replaces an entry in its team's statistics. */
  index(entry: KnowledgeEntry): void {
    const tokens = tokensOf(entry)
    remember(this.tokens, key(entry), tokens)
    this.team(entry.team).index(entry, [
      ...tokens.title,
      ...tokens.problem,
      ...tokens.symptoms,
      ...tokens.resolution
    ])
    // The team's statistics changed, so every cached vector of the team is stale: `entryVector` sees the new
    // revision and derives them again when next needed (results never depend on the order entries were learned).
    this.vectors.delete(key(entry))
  }

  /** Unit TF-IDF vector of conversation text under a team's statistics. */
  queryVector(team: string, tokens: readonly string[]): SparseVector {
    return tfidfVector([{ tokens, weight: 1 }], this.teamStats(team))
  }

  /** Vector of the problem side and resolution side of free text, e.g. a freshly extracted entry. */
  textVector(
    team: string,
    parts: ReadonlyArray<{ tokens: readonly string[]; weight: number }>
  ): SparseVector {
    return tfidfVector(parts, this.teamStats(team))
  }

  entryVector(entry: KnowledgeEntry): SparseVector {
    const tokens = this.entryTokens(entry)
    const stats = this.teamStats(entry.team)
    const cached = this.vectors.get(key(entry))
    if (cached && cached.version === entry.version && cached.revision === stats.revision) return cached.vector
    // Each side is normalized on its own before they are weighed, so a long description cannot drown the title.
    const sides = [
      { vector: tfidfVector([{ tokens: tokens.title, weight: 1 }], stats), weight: WEIGHTS.title },
      {
        vector: tfidfVector(
          [
            { tokens: tokens.problem, weight: 1 },
            { tokens: tokens.symptoms, weight: WEIGHTS.symptoms }
          ],
          stats
        ),
        weight: WEIGHTS.problem
      },
      { vector: tfidfVector([{ tokens: tokens.resolution, weight: 1 }], stats), weight: WEIGHTS.resolution }
    ]
    const combined: SparseVector = new Map()
    for (const side of sides) {
      for (const [term, value] of side.vector)
        combined.set(term, (combined.get(term) ?? 0) + side.weight * value)
    }
    const vector = normalize(combined)
    remember(this.vectors, key(entry), { version: entry.version, revision: stats.revision, vector })
    return vector
  }

  /**
   * The words of the query that the entry's problem side (title, problem, symptoms) also uses, rarest first:
   * what makes the conversation about this entry's problem rather than sharing a word with its fix.
   */
  sharedProblemTerms(team: string, queryTokens: readonly string[], entry: KnowledgeEntry): string[] {
    const tokens = this.entryTokens(entry)
    const problem = new Set([...tokens.title, ...tokens.problem, ...tokens.symptoms])
    const stats = this.teamStats(team)
    return [...new Set(queryTokens)]
      .filter((term) => problem.has(term))
      .sort((a, b) => stats.idf(b) - stats.idf(a) || a.localeCompare(b))
  }

  /**
   * The conversation's words that the entry's distilled problem uses, rarest first within each tier: first its
   * title's words and those two or more of its cases' symptoms share (what its customers had in common, not one
   * customer's asides such as "excerpt" or "lunchtime"), then the words of its problem that its resolution speaks to
   * as well ("requests" under "600 requests per minute"). Without the words more than a quarter of the team's entries
   * use once the team has eight or more ("code", "test": true of too many of its problems to say which one), unless
   * several of its cases' customers used them.
   */
  distilledProblemTerms(
    team: string,
    conversationTokens: readonly string[],
    entry: KnowledgeEntry
  ): string[] {
    const tokens = this.entryTokens(entry)
    const cases = new Map<string, number>()
    for (const symptom of new Set(entry.symptoms)) {
      for (const term of new Set(tokenize(symptom))) cases.set(term, (cases.get(term) ?? 0) + 1)
    }
    const recurring = new Set([...cases].filter(([, count]) => count >= 2).map(([term]) => term))
    const problem = new Set([...tokens.problem, ...tokens.symptoms])
    const answered = new Set(tokens.resolution.filter((term) => problem.has(term)))
    const stats = this.teamStats(team)
    // What several of its cases' customers said is the problem's however common; a word of the title alone is not.
    const common = (term: string): boolean =>
      !recurring.has(term) &&
      stats.documentCount >= COMMON_AFTER_ENTRIES &&
      stats.frequency(term) > stats.documentCount / 4
    const distilled = new Set([...tokens.title, ...recurring])
    const words = [...new Set(conversationTokens)].filter((term) => !common(term))
    const rarest = (terms: string[]): string[] =>
      terms.sort((a, b) => stats.idf(b) - stats.idf(a) || a.localeCompare(b))
    return [
      ...rarest(words.filter((term) => distilled.has(term))),
      ...rarest(words.filter((term) => !distilled.has(term) && answered.has(term)))
    ]
  }

  /**
   * The terms used by more than half of the team's entries (the product's own name, "nimbus"): true of nearly any
   * case, so a reason never names them. None while the team has fewer than four entries.
   */
  everywhereTerms(team: string, terms: readonly string[]): string[] {
    const stats = this.teamStats(team)
    if (stats.documentCount < 4) return []
    return terms.filter((term) => stats.frequency(term) > stats.documentCount / 2)
  }

  /** The terms among `terms` that at least one of the team's entries uses. */
  knownTerms(team: string, terms: readonly string[]): string[] {
    const stats = this.teams.get(team)?.stats
    return stats ? terms.filter((term) => stats.frequency(term) > 0) : []
  }

  /** Similarity of a conversation query vector to an entry, 0..1. */
  similarity(query: SparseVector, entry: KnowledgeEntry): number {
    return cosine(query, this.entryVector(entry))
  }

  /**
   * Token lists of an entry's parts, for comparing entries with each other: those of the version last indexed (as
   * the statistics hold it), whatever version is passed. An entry the matcher has not indexed is indexed first (it
   * joins its team's statistics); one no longer among the recently used (or restored from a summary) is tokenized
   * again from the entry given, which is the version indexed wherever the matcher follows the store.
   */
  entryTokens(entry: KnowledgeEntry): EntryTokens {
    if (!this.team(entry.team).has(entry.id)) this.index(entry)
    const cached = this.tokens.get(key(entry))
    if (cached) {
      remember(this.tokens, key(entry), cached)
      return cached
    }
    const tokens = tokensOf(entry)
    remember(this.tokens, key(entry), tokens)
    return tokens
  }

  /** Resolved tickets the team's knowledge was learned from. */
  teamCaseCount(team: string): number {
    return this.teams.get(team)?.caseCount ?? 0
  }

  /** Normalized URLs the entry's resolution links (support articles, documentation). */
  resolutionUrls(entry: KnowledgeEntry): string[] {
    if (!this.team(entry.team).has(entry.id)) this.index(entry)
    return this.team(entry.team).urlsOf(entry.id)
  }

  /** Ids of the team's entries whose resolution links any of `urls`. */
  entriesLinking(team: string, urls: readonly string[]): string[] {
    return this.teams.get(team)?.entriesLinking(urls) ?? []
  }

  /** Ids of the team's entries that list `ticketId` among their source tickets. */
  entriesFromTicket(team: string, ticketId: string): string[] {
    return this.teams.get(team)?.entriesFromTicket(ticketId) ?? []
  }

  private team(team: string): TeamMatch {
    let match = this.teams.get(team)
    if (!match) {
      match = new TeamMatch()
      this.teams.set(team, match)
    }
    return match
  }

  private teamStats(team: string): TermStatistics {
    return this.team(team).stats
  }
}

const key = (entry: KnowledgeEntry): string => `${entry.team}\u0000${entry.id}`

function tokensOf(entry: KnowledgeEntry): EntryTokens {
  return {
    title: tokenize(entry.title),
    problem: tokenize(entry.problem),
    symptoms: tokenize(entry.symptoms.join('\n')),
    resolution: tokenize(entry.resolution.join('\n'))
  }
}

/** Sets `key` as the most recently used, dropping the least recently used past `derivedCacheSize`. */
function remember<T>(cache: Map<string, T>, cacheKey: string, value: T): void {
  cache.delete(cacheKey)
  cache.set(cacheKey, value)
  if (cache.size > derivedCacheSize) cache.delete(cache.keys().next().value!)
}
