/**
 * Scores how well a knowledge entry matches a piece of conversation, 0..1, with TF-IDF cosine over each team's
 * entries. The problem side (title, problem, symptoms) weighs most: customers describe problems, not fixes.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { cosine, tfidfVector, type SparseVector } from '../text/similarity'
import { TermStatistics } from '../text/termStatistics'
import { tokenize } from '../text/tokenize'

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
  private readonly vectors = new Map<string, { version: number; vector: SparseVector }>()

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
    // Statistics changed: cached vectors of this team are slightly stale, which is acceptable; they refresh on
    // the entry's next version. The entry itself is recomputed now.
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
    const cached = this.vectors.get(key(entry))
    if (cached && cached.version === entry.version) return cached.vector
    let tokens = this.tokens.get(key(entry))
    if (!tokens) {
      this.index(entry)
      tokens = this.tokens.get(key(entry))!
    }
    const vector = tfidfVector(
      (Object.keys(WEIGHTS) as Array<keyof EntryTokens>).map((part) => ({
        tokens: tokens[part],
        weight: WEIGHTS[part]
      })),
      this.teamStats(entry.team)
    )
    this.vectors.set(key(entry), { version: entry.version, vector })
    return vector
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
