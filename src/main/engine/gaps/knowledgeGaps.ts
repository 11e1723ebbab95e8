/**
 * The problems Vigil could not answer, per team: one gap per normalised topic, counting each ticket once, closed
 * when knowledge appears that answers it. Persisted in the data folder (`gaps.json`): changes are written in the
 * background, coalesced (a busy stream of tickets costs one write at a time, not one per message), and `flush`
 * waits for the last one.
 */
import type { KnowledgeGap } from '../../../shared/domain'
import { readGaps, writeGaps } from './gapFile'
import { sameTopic, topicKey, topicOf, type TopicKey } from './gapTopic'

/** Tickets listed on a gap (the count goes on). */
const MAX_TICKETS = 100
/** Gaps kept per team; past it the least telling go first (closed, then single-ticket ones seen longest ago). */
const MAX_GAPS_PER_TEAM = 500
/** Problem text kept to retry retrieval with. */
const MAX_QUERY = 600

export interface UnansweredProblem {
  team: string
  ticketId: string
  /** The ticket's subject, scrubbed. */
  subject: string
  /** The customer's problem as retrieval saw it, scrubbed. */
  query: string
  at: Date
}

/** Finds the entry that now answers a gap's problem, or null. */
export type AnswerFinder = (gap: KnowledgeGap, key: TopicKey) => { entryId: string; title: string } | null

export class KnowledgeGaps {
  private readonly keys = new Map<KnowledgeGap, TopicKey>()
  private dirty = false
  private writing: Promise<void> | null = null

  private constructor(
    private readonly file: string,
    private readonly gaps: KnowledgeGap[],
    private readonly warn: (message: string) => void
  ) {}

  static async open(file: string, warn: (message: string) => void): Promise<KnowledgeGaps> {
    return new KnowledgeGaps(file, await readGaps(file, warn), warn)
  }

  /** Open gaps first, then the most frequent, then the most recent. */
  list(team: string, status: 'open' | 'all' = 'all'): KnowledgeGap[] {
    return this.gaps
      .filter((gap) => gap.team === team && (status === 'all' || gap.status === 'open'))
      .sort(
        (a, b) =>
          Number(b.status === 'open') - Number(a.status === 'open') ||
          b.count - a.count ||
          b.lastSeen.localeCompare(a.lastSeen) ||
          a.id.localeCompare(b.id)
      )
  }

  /** Counts a ticket toward the open gap of its topic (a new gap if none); a ticket counts once. Returns the gap. */
  record(problem: UnansweredProblem): KnowledgeGap | null {
    const topic = topicOf(problem.subject, problem.query)
    const query = problem.query.slice(0, MAX_QUERY)
    const key = topicKey(topic, query)
    const team = this.gaps.filter((gap) => gap.team === problem.team)
    if (team.some((gap) => gap.ticketIds.includes(problem.ticketId) && sameTopic(this.keyOf(gap), key)))
      return null
    const at = problem.at.toISOString()
    const open = team.find((gap) => gap.status === 'open' && sameTopic(this.keyOf(gap), key))
    if (open) {
      open.ticketIds = [...open.ticketIds, problem.ticketId].slice(-MAX_TICKETS)
      open.count += 1
      open.lastSeen = at
      this.save()
      return open
    }
    const gap: KnowledgeGap = {
      id: this.freshId(team, problem.ticketId),
      team: problem.team,
      topic,
      title: problem.subject.slice(0, 500),
      query,
      ticketIds: [problem.ticketId],
      count: 1,
      firstSeen: at,
      lastSeen: at,
      status: 'open'
    }
    if (team.length >= MAX_GAPS_PER_TEAM) this.evictOne(team)
    this.gaps.push(gap)
    this.keys.set(gap, key)
    this.save()
    return gap
  }

  /**
   * Vigil did answer the ticket after all (a later message found knowledge): it no longer counts toward an open
   * gap, and a gap left without tickets goes. Returns whether anything changed.
   */
  withdraw(team: string, ticketId: string): boolean {
    const gap = this.gaps.find(
      (g) => g.team === team && g.status === 'open' && g.ticketIds.includes(ticketId)
    )
    if (!gap) return false
    gap.ticketIds = gap.ticketIds.filter((id) => id !== ticketId)
    gap.count -= 1
    if (gap.count <= 0 || gap.ticketIds.length === 0) this.remove(gap)
    this.save()
    return true
  }

  /** Closes the team's open gaps that knowledge now answers; returns those closed. */
  closeAnswered(team: string, find: AnswerFinder, at: Date): KnowledgeGap[] {
    const closed: KnowledgeGap[] = []
    for (const gap of this.gaps) {
      if (gap.team !== team || gap.status !== 'open') continue
      const answer = find(gap, this.keyOf(gap))
      if (!answer) continue
      gap.status = 'closed'
      gap.answeredBy = { ...answer, at: at.toISOString() }
      closed.push(gap)
    }
    if (closed.length) this.save()
    return closed
  }

  /** Waits until every change so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing
  }

  private keyOf(gap: KnowledgeGap): TopicKey {
    let key = this.keys.get(gap)
    if (!key) {
      key = topicKey(gap.topic, gap.query)
      this.keys.set(gap, key)
    }
    return key
  }

  private freshId(team: KnowledgeGap[], ticketId: string): string {
    const base = `gap-${ticketId}`.slice(0, 190)
    let id = base
    for (let n = 2; team.some((gap) => gap.id === id); n++) id = `${base}-${n}`
    return id
  }

  private evictOne(team: KnowledgeGap[]): void {
    const weakest = team
      .slice()
      .sort(
        (a, b) =>
          Number(a.status === 'open') - Number(b.status === 'open') ||
          a.count - b.count ||
          a.lastSeen.localeCompare(b.lastSeen)
      )[0]
    if (weakest) this.remove(weakest)
  }

  private remove(gap: KnowledgeGap): void {
    this.gaps.splice(this.gaps.indexOf(gap), 1)
    this.keys.delete(gap)
  }

  private save(): void {
    this.dirty = true
    this.writing ??= this.writeWhileDirty()
  }

  private async writeWhileDirty(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false
        await writeGaps(this.file, this.gaps)
      }
    } catch (error) {
      this.warn(`${this.file}: knowledge gaps not saved (${(error as Error).message}); kept in memory.`)
    } finally {
      this.writing = null
    }
  }
}
