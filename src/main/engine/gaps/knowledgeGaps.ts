/**
 * The problems Vigil could not answer, per team: one gap per normalised topic, counting each ticket once, closed
 * when knowledge appears that answers it. Persisted in the data folder; every change is written before it returns.
 */
import type { KnowledgeGap } from '../../../shared/domain'
import { readGaps, writeGaps } from './gapFile'
import { sameTopic, topicOf } from './gapTopic'

/** Tickets listed on a gap (the count goes on). */
const MAX_TICKETS = 100

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
export type AnswerFinder = (gap: KnowledgeGap) => Promise<{ entryId: string; title: string } | null>

export class KnowledgeGaps {
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly file: string,
    private readonly gaps: KnowledgeGap[]
  ) {}

  static async open(file: string, warn: (message: string) => void): Promise<KnowledgeGaps> {
    return new KnowledgeGaps(file, await readGaps(file, warn))
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
  async record(problem: UnansweredProblem): Promise<KnowledgeGap | null> {
    const candidate = { topic: topicOf(problem.subject, problem.query), query: problem.query }
    const existing = this.gaps.find(
      (gap) =>
        gap.team === problem.team && gap.ticketIds.includes(problem.ticketId) && sameTopic(gap, candidate)
    )
    if (existing) return null
    const at = problem.at.toISOString()
    const open = this.gaps.find(
      (gap) => gap.team === problem.team && gap.status === 'open' && sameTopic(gap, candidate)
    )
    if (open) {
      open.ticketIds = [...open.ticketIds, problem.ticketId].slice(-MAX_TICKETS)
      open.count += 1
      open.lastSeen = at
      await this.save()
      return open
    }
    const gap: KnowledgeGap = {
      id: this.freshId(problem.team, problem.ticketId),
      team: problem.team,
      topic: candidate.topic,
      title: problem.subject.slice(0, 500),
      query: problem.query.slice(0, 2_000),
      ticketIds: [problem.ticketId],
      count: 1,
      firstSeen: at,
      lastSeen: at,
      status: 'open'
    }
    this.gaps.push(gap)
    await this.save()
    return gap
  }

  /**
   * Vigil did answer the ticket after all (a later message found knowledge): it no longer counts toward an open
   * gap, and a gap left without tickets goes.
   */
  async withdraw(team: string, ticketId: string): Promise<void> {
    const gap = this.gaps.find(
      (g) => g.team === team && g.status === 'open' && g.ticketIds.includes(ticketId)
    )
    if (!gap) return
    gap.ticketIds = gap.ticketIds.filter((id) => id !== ticketId)
    gap.count -= 1
    if (gap.count <= 0 || gap.ticketIds.length === 0) this.gaps.splice(this.gaps.indexOf(gap), 1)
    await this.save()
  }

  /** Closes the team's open gaps that knowledge now answers; returns those closed. */
  async closeAnswered(team: string, find: AnswerFinder, at: Date): Promise<KnowledgeGap[]> {
    const closed: KnowledgeGap[] = []
    for (const gap of this.gaps) {
      if (gap.team !== team || gap.status !== 'open') continue
      const answer = await find(gap)
      if (!answer) continue
      gap.status = 'closed'
      gap.answeredBy = { ...answer, at: at.toISOString() }
      closed.push(gap)
    }
    if (closed.length) await this.save()
    return closed
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writing.catch(() => undefined)
  }

  private freshId(team: string, ticketId: string): string {
    const base = `gap-${ticketId}`.slice(0, 190)
    let id = base
    for (let n = 2; this.gaps.some((gap) => gap.team === team && gap.id === id); n++) id = `${base}-${n}`
    return id
  }

  private save(): Promise<void> {
    // Writes go one after another, each with the state at its turn, so the file never goes back in time.
    // A failed write is reported to its caller and does not stop the next one.
    const next = this.writing.catch(() => undefined).then(() => writeGaps(this.file, this.gaps))
    this.writing = next
    return next
  }
}
