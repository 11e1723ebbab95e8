/**
 * Scores how well a knowledge entry matches a piece of conversation, 0..1, with TF-IDF cosine over each team's
 * entries. The problem side (title, problem, symptoms) weighs most: customers describe problems, not fixes.
 */
import { observationsOf } from '../../../shared/domain'
import type { KnowledgeEntry } from '../../../shared/domain'
import { cosine, normalize, tfidfVector, type SparseVector } from '../text/similarity'
import { TermStatistics } from '../text/termStatistics'
import { tokenize } from '../text/tokenize'
import { urlsIn } from '../text/urls'

interface EntryTokens {
  title: string[]
  problem: string[]
  symptoms: string[]
  resolution: string[]
}

const WEIGHTS = { title: 1, problem: 1, symptoms: 0.7, resolution: 0.35 } as const

export class EntryMatcher {
  private readonly stats = new Map<string, TermStatistics>()
  private readonly tokens = new Map<string, EntryTokens>()
  /** Each entry's vector with the entry version and team statistics revision it was derived under. */
  private readonly vectors = new Map<string, { version: number; revision: number; vector: SparseVector }>()
  /** Per team, the entries whose resolution links each (normalized) URL. */
  private readonly urlIndex = new Map<string, Map<string, Set<string>>>()
  private readonly entryUrls = new Map<string, string[]>()
  /** Per team, resolved tickets behind its entries (each learned ticket belongs to one entry). */
  private readonly teamCases = new Map<string, number>()
  private readonly entryCases = new Map<string, number>()
  /** Per team and source ticket, the entries learned from it (a ticket that resolves again finds its entry). */
  private readonly ticketEntries = new Map<string, Set<string>>()
  private readonly entrySources = new Map<string, string[]>()

  /** Adds or replaces an entry in its team's statistics. */
  index(entry: KnowledgeEntry): void {
    const tokens: EntryTokens = {
      title: tokenize(entry.title),
      problem: tokenize(entry.problem),
      symptoms: tokenize(entry.symptoms.join('\n')),
      resolution: tokenize(entry.resolution.join('\n'))
    }
    this.tokens.set(key(entry), tokens)
    this.teamStats(entry.team).set(entry.id, [
      ...tokens.title,
      ...tokens.problem,
      ...tokens.symptoms,
      ...tokens.resolution
    ])
    this.indexUrls(entry)
    this.indexSources(entry)
    const previousCases = this.entryCases.get(key(entry)) ?? 0
    this.entryCases.set(key(entry), observationsOf(entry))
    this.teamCases.set(
      entry.team,
      (this.teamCases.get(entry.team) ?? 0) - previousCases + observationsOf(entry)
    )
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
    const stats = this.teamStats(entry.team)
    const cached = this.vectors.get(key(entry))
    if (cached && cached.version === entry.version && cached.revision === stats.revision) return cached.vector
    let tokens = this.tokens.get(key(entry))
    if (!tokens) {
      this.index(entry)
      tokens = this.tokens.get(key(entry))!
    }
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
    this.vectors.set(key(entry), { version: entry.version, revision: stats.revision, vector })
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
   * The terms used by more than half of the team's entries (the product's own name, "nimbus"): true of nearly any
   * case, so a reason never names them. None while the team has fewer than four entries.
   */
  everywhereTerms(team: string, terms: readonly string[]): string[] {
    const stats = this.teamStats(team)
    if (stats.documentCount < 4) return []
    return terms.filter((term) => stats.frequency(term) > stats.documentCount / 2)
  }

  /** Similarity of a conversation query vector to an entry, 0..1. */
  similarity(query: SparseVector, entry: KnowledgeEntry): number {
    return cosine(query, this.entryVector(entry))
  }

  /** Token lists of an entry's parts, for comparing entries with each other. */
  entryTokens(entry: KnowledgeEntry): EntryTokens {
    if (!this.tokens.has(key(entry))) this.index(entry)
    return this.tokens.get(key(entry))!
  }

  /** Resolved tickets the team's knowledge was learned from. */
  teamCaseCount(team: string): number {
    return this.teamCases.get(team) ?? 0
  }

  /** Normalized URLs the entry's resolution links (support articles, documentation). */
  resolutionUrls(entry: KnowledgeEntry): string[] {
    if (!this.entryUrls.has(key(entry))) this.index(entry)
    return this.entryUrls.get(key(entry))!
  }

  /** Ids of the team's entries whose resolution links any of `urls`. */
  entriesLinking(team: string, urls: readonly string[]): string[] {
    const byUrl = this.urlIndex.get(team)
    if (!byUrl) return []
    return [...new Set(urls.flatMap((url) => [...(byUrl.get(url) ?? [])]))]
  }

  /** Ids of the team's entries that list `ticketId` among their source tickets. */
  entriesFromTicket(team: string, ticketId: string): string[] {
    return [...(this.ticketEntries.get(`${team}\u0000${ticketId}`) ?? [])]
  }

  private indexSources(entry: KnowledgeEntry): void {
    for (const ticketId of this.entrySources.get(key(entry)) ?? [])
      this.ticketEntries.get(`${entry.team}\u0000${ticketId}`)?.delete(entry.id)
    this.entrySources.set(key(entry), entry.sourceTicketIds)
    for (const ticketId of entry.sourceTicketIds) {
      const sourceKey = `${entry.team}\u0000${ticketId}`
      const ids = this.ticketEntries.get(sourceKey) ?? new Set<string>()
      ids.add(entry.id)
      this.ticketEntries.set(sourceKey, ids)
    }
  }

  private indexUrls(entry: KnowledgeEntry): void {
    let byUrl = this.urlIndex.get(entry.team)
    if (!byUrl) {
      byUrl = new Map()
      this.urlIndex.set(entry.team, byUrl)
    }
    for (const url of this.entryUrls.get(key(entry)) ?? []) byUrl.get(url)?.delete(entry.id)
    const urls = [...new Set(urlsIn(entry.resolution.join('\n')))]
    this.entryUrls.set(key(entry), urls)
    for (const url of urls) {
      const ids = byUrl.get(url) ?? new Set<string>()
      ids.add(entry.id)
      byUrl.set(url, ids)
    }
  }

  private teamStats(team: string): TermStatistics {
    let stats = this.stats.get(team)
    if (!stats) {
      stats = new TermStatistics()
      this.stats.set(team, stats)
    }
    return stats
  }
}

const key = (entry: KnowledgeEntry): string => `${entry.team}\u0000${entry.id}`
