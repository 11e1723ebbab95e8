/**
 * Computes a team's figures for a date range from the engine's own records (see statsSources.ts). Pure: the same
 * records give the same report, so the analytics page, `vigil stats` and the tests agree.
 */
import {
  isSendableKind,
  type Feedback,
  type KnowledgeEntry,
  type KnowledgeGap,
  type Suggestion
} from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import { emptyKinds, type StatsReport } from '../../../shared/stats'
import { growthKinds } from '../knowledge/entryCatalogue'
import type { KnowledgeFacts } from '../knowledge/knowledgeFacts'
import { wakeFigures } from './wakeFigures'

const DAY_MS = 24 * 60 * 60 * 1000
/** The time-saved estimate's assumptions, shown with the figure. */
const MINUTES_PER_ADOPTED = 3
const MINUTES_PER_EDITED = 1.5

/** The records the figures come from: read from a data folder (statsSources.ts) or a running engine (liveSources.ts). */
export interface StatsSources {
  suggestions: Suggestion[]
  events: ConnectorEvent[]
  /**
   * What the figures need of a team's knowledge: counts and growth kept by its catalogue, and the few entries the
   * range's cards cited (knowledge/knowledgeFacts.ts), so a report reads a bounded amount of a large team.
   */
  knowledge: (team: string) => KnowledgeFacts
  gaps: KnowledgeGap[]
  teams: string[]
}

export interface StatsRange {
  team: string
  from: Date
  to: Date
}

/** The range of inclusive days `from`..`to` (YYYY-MM-DD, UTC); an open end takes everything on that side. */
export function statsRange(from: string | undefined, to: string | undefined): { from: Date; to: Date } {
  return {
    from: from ? new Date(`${from}T00:00:00.000Z`) : new Date(0),
    to: to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS - 1) : new Date(8.64e15)
  }
}

/**
 * The last `days` calendar days (UTC) up to and including `now`'s, and whatever is stamped later: a person's action
 * (retiring an entry by hand) carries the wall clock's time while a replay's `now` is its recorded timeline.
 */
export function lastDays(days: number, now: Date): { from: Date; to: Date } {
  const today = now.toISOString().slice(0, 10)
  const first = new Date(Date.parse(`${today}T00:00:00.000Z`) - (days - 1) * DAY_MS)
    .toISOString()
    .slice(0, 10)
  return statsRange(first, undefined)
}

export function teamStats(sources: StatsSources, range: StatsRange): StatsReport {
  const inRange = (iso: string): boolean => {
    const time = Date.parse(iso)
    return time >= range.from.getTime() && time <= range.to.getTime()
  }
  const suggestions = sources.suggestions.filter((s) => s.team === range.team && inRange(s.createdAt))
  const knowledge = readOnce(sources.knowledge(range.team))
  const verdict = verdicts(knowledge)
  const reactions = countReactions(suggestions)
  const outcomes = countOutcomes(suggestions.filter((s) => isSendableKind(s.kind)))
  const share = (n: number): number | null => (outcomes.sendable > 0 ? round(n / outcomes.sendable) : null)
  const teamGaps = sources.gaps.filter((gap) => gap.team === range.team)
  return {
    team: range.team,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    suggestions: { total: suggestions.length, byKind: byKind(suggestions), perDay: perDay(suggestions) },
    reactions,
    outcomes,
    rates: {
      adoption: share(outcomes.adopted),
      edit: share(outcomes.edited),
      dismiss: share(outcomes.dismissed)
    },
    precisionByKind: precisionByKind(suggestions, verdict),
    timeToUsefulCard: timeToUsefulCard(suggestions, verdict, sources.events),
    knowledge: knowledgeGrowth(knowledge, inRange),
    topEntries: topEntries(suggestions, knowledge),
    gaps: {
      open: teamGaps.filter((gap) => gap.status === 'open').length,
      closed: teamGaps.filter((gap) => gap.status === 'closed').length,
      top: teamGaps
        .filter((gap) => gap.status === 'open')
        .sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen))
        .slice(0, 10)
        .map((gap) => ({ title: gap.title, tickets: gap.count, lastSeen: gap.lastSeen }))
    },
    modelCallsAvoided: wakeFigures(sources.events, sources.suggestions, range.team, inRange),
    timeSaved: {
      minutes: outcomes.adopted * MINUTES_PER_ADOPTED + outcomes.edited * MINUTES_PER_EDITED,
      formula:
        `adopted (${outcomes.adopted}) × ${MINUTES_PER_ADOPTED} min + edited (${outcomes.edited}) × ` +
        `${MINUTES_PER_EDITED} min: an estimate of the time an analyst spends finding and writing an answer ` +
        'that a used card saved'
    }
  }
}

/*
 * How reactions count (see README "Analytics"):
 * - counts: each kind of reaction once per card, however often it was clicked, as the entry counters count them; a
 *   card can count under several kinds (adopted, liked, then dismissed: one of each);
 * - rates and time saved: each card's outcome, the latest of adopted, edited and dismissed (a later dismissal
 *   undoes an adoption, and a reply sent afterwards undoes a dismissal);
 * - acceptance (top entries, first useful card): the latest of adopted, edited, liked, disliked and dismissed is one
 *   of the first three.
 */
const OUTCOMES = new Set<Feedback['kind']>(['adopted', 'edited', 'dismissed'])
const VERDICT_KINDS = new Set<Feedback['kind']>(['adopted', 'edited', 'liked', 'disliked', 'dismissed'])

function outcomeOf(suggestion: Suggestion): 'adopted' | 'edited' | 'dismissed' | undefined {
  return suggestion.feedback.findLast((f) => OUTCOMES.has(f.kind))?.kind as 'adopted' | 'edited' | 'dismissed'
}

function accepted(suggestion: Suggestion): boolean {
  const kind = suggestion.feedback.findLast((f) => VERDICT_KINDS.has(f.kind))?.kind
  return kind === 'adopted' || kind === 'edited' || kind === 'liked'
}

function countReactions(suggestions: readonly Suggestion[]): StatsReport['reactions'] {
  const counts = { adopted: 0, edited: 0, liked: 0, disliked: 0, dismissed: 0, ignored: 0 }
  const sent = { adopted: 0, edited: 0, ignored: 0 }
  for (const suggestion of suggestions) {
    for (const kind of new Set(suggestion.feedback.map((f) => f.kind))) counts[kind] += 1
    const reuse = suggestion.feedback.find((f) => f.via === 'sent')?.kind
    if (reuse && reuse in sent) sent[reuse as keyof typeof sent] += 1
  }
  return { ...counts, sent }
}

function countOutcomes(sendable: readonly Suggestion[]): StatsReport['outcomes'] {
  const counts = { sendable: sendable.length, adopted: 0, edited: 0, dismissed: 0 }
  for (const suggestion of sendable) {
    const outcome = outcomeOf(suggestion)
    if (outcome) counts[outcome] += 1
  }
  return counts
}

function byKind(suggestions: readonly Suggestion[]) {
  const counts = emptyKinds()
  for (const suggestion of suggestions) counts[suggestion.kind] += 1
  return counts
}

function perDay(suggestions: readonly Suggestion[]) {
  const days = new Map<string, Suggestion[]>()
  for (const suggestion of suggestions) {
    const day = suggestion.createdAt.slice(0, 10)
    days.set(day, [...(days.get(day) ?? []), suggestion])
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, list]) => ({ day, ...byKind(list) }))
}

type Verdict = 'confirmed' | 'refuted' | null

/** The facts with each entry read at most once per report (a card's entry is asked for by several figures). */
function readOnce(facts: KnowledgeFacts): KnowledgeFacts {
  const read = new Map<string, KnowledgeEntry | undefined>()
  return {
    ...facts,
    entry: (id) => {
      if (!read.has(id)) read.set(id, facts.entry(id))
      return read.get(id)
    }
  }
}

/**
 * Whether the ticket's resolution confirmed the card's primary citation or not, from the knowledge's provenance: a
 * case that confirmed or merged into the entry agrees with it; one that refuted or corrected it, or that was learned
 * as an entry of its own (resolved another way), does not; anything else is unknown. Only cited entries are read.
 */
function verdicts(knowledge: KnowledgeFacts): (suggestion: Suggestion) => Verdict {
  return (suggestion) => {
    const cited = suggestion.citations[0]
    const entry = cited ? knowledge.entry(cited.entryId) : undefined
    if (!entry) return null
    const event = entry.provenance?.findLast(
      (item) => item.ticketId === suggestion.ticketId && VERDICTS.has(item.kind)
    )
    if (event) return event.kind === 'confirmed' || event.kind === 'merged' ? 'confirmed' : 'refuted'
    const learnedElsewhere = knowledge.entryIdsOfTicket(suggestion.ticketId).some((id) => id !== entry.id)
    return learnedElsewhere ? 'refuted' : null
  }
}

const VERDICTS = new Set(['confirmed', 'merged', 'refuted', 'corrected'])

function precisionByKind(suggestions: readonly Suggestion[], verdict: (suggestion: Suggestion) => Verdict) {
  const result: StatsReport['precisionByKind'] = {}
  for (const suggestion of suggestions) {
    const kind = suggestion.kind
    if (!isSendableKind(kind)) continue
    const outcome = verdict(suggestion)
    if (!outcome) continue
    const row = (result[kind] ??= { confirmed: 0, refuted: 0, precision: null })
    row[outcome] += 1
    row.precision = round(row.confirmed / (row.confirmed + row.refuted))
  }
  return result
}

function timeToUsefulCard(
  suggestions: readonly Suggestion[],
  verdict: (suggestion: Suggestion) => Verdict,
  events: readonly ConnectorEvent[]
): StatsReport['timeToUsefulCard'] {
  const firstCustomer = new Map<string, number>()
  for (const event of events) {
    if (event.type !== 'message.added' || event.message.authorRole !== 'customer') continue
    if (!firstCustomer.has(event.message.ticketId)) {
      firstCustomer.set(event.message.ticketId, Date.parse(event.message.time))
    }
  }
  const useful = (s: Suggestion): boolean =>
    isSendableKind(s.kind) && (accepted(s) || verdict(s) === 'confirmed')
  const firstUseful = new Map<string, number>()
  for (const suggestion of suggestions) {
    if (!useful(suggestion)) continue
    const time = Date.parse(suggestion.createdAt)
    const known = firstUseful.get(suggestion.ticketId)
    if (known === undefined || time < known) firstUseful.set(suggestion.ticketId, time)
  }
  const waits = [...firstUseful.entries()]
    .filter(([ticketId]) => firstCustomer.has(ticketId))
    .map(([ticketId, time]) => Math.max(0, (time - firstCustomer.get(ticketId)!) / 1000))
    .sort((a, b) => a - b)
  return { tickets: waits.length, medianSeconds: quantile(waits, 0.5), p90Seconds: quantile(waits, 0.9) }
}

/**
 * Knowledge growth in the range, from the growth the catalogue keeps per day: a day counts when it starts inside the
 * range, which for the ranges reports are asked for (whole days, see `statsRange` and `lastDays`) is the same as
 * counting each event by its time.
 */
function knowledgeGrowth(knowledge: KnowledgeFacts, inRange: (iso: string) => boolean) {
  const totals = { learned: 0, merged: 0, corrected: 0, retired: 0 }
  const perDay: Array<{ day: string } & typeof totals> = []
  for (const [day, row] of knowledge.growthByDay) {
    if (!inRange(`${day}T00:00:00.000Z`)) continue
    for (const kind of growthKinds) totals[kind] += row[kind]
    perDay.push({ day, ...row })
  }
  // In use means suggested: a draft waiting for review (a risky one, or under publishing after approval) is not.
  return { entries: knowledge.counts.active, drafts: knowledge.counts.draft, ...totals, perDay }
}

/** The entries cited first by the range's cards, by acceptance: the period is the range the report covers. */
function topEntries(suggestions: readonly Suggestion[], knowledge: KnowledgeFacts) {
  const rows = new Map<string, StatsReport['topEntries'][number]>()
  const acceptedCards = new Map<string, number>()
  for (const suggestion of suggestions) {
    const cited = suggestion.citations[0]
    if (!cited) continue
    const row = rows.get(cited.entryId) ?? {
      entryId: cited.entryId,
      title: knowledge.entry(cited.entryId)?.title ?? cited.title,
      shown: 0,
      adopted: 0,
      edited: 0,
      liked: 0,
      disliked: 0,
      dismissed: 0,
      acceptance: 0
    }
    row.shown += 1
    for (const kind of new Set(suggestion.feedback.map((f) => f.kind))) if (kind !== 'ignored') row[kind] += 1
    if (accepted(suggestion)) acceptedCards.set(cited.entryId, (acceptedCards.get(cited.entryId) ?? 0) + 1)
    row.acceptance = round((acceptedCards.get(cited.entryId) ?? 0) / row.shown)
    rows.set(cited.entryId, row)
  }
  return [...rows.values()].sort((a, b) => b.acceptance - a.acceptance || b.shown - a.shown).slice(0, 10)
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
}

const round = (value: number): number => Math.round(value * 1000) / 1000
