/**
 * What the EntryMatcher keeps of one team, derived from its entries but small enough for a team of 100k entries:
 * the term statistics, the URLs each resolution links, each entry's resolved-ticket count, and the entries learned
 * from each source ticket. Entries' token lists and vectors are not here: the matcher derives them when needed.
 * `save` and `restore` carry it to and from a file (matcherSummaryFile.ts), so that a start reads no entry.
 */
import { observationsOf, type KnowledgeEntry } from '../../../shared/domain'
import { TermStatistics, type TermStatisticsRaw } from '../text/termStatistics'
import { urlsIn } from '../text/urls'

/**
 * One team's match state as plain data. Lists of pairs, not objects: the order of ids under a URL or a ticket is the
 * order they were indexed in (a ticket's first entry is the one found), and it must survive saving.
 */
export interface TeamMatchRaw {
  stats: TermStatisticsRaw
  /** Resolved tickets behind each entry (`observationsOf`). */
  cases: Array<[string, number]>
  /** Source tickets of each entry that has any, and the entries of each source ticket. */
  entrySources: Array<[string, string[]]>
  ticketEntries: Array<[string, string[]]>
  /** Normalized URLs each entry's resolution links (entries that link any), and the entries of each URL. */
  entryUrls: Array<[string, string[]]>
  byUrl: Array<[string, string[]]>
}

export class TeamMatch {
  readonly stats: TermStatistics
  private totalCases = 0
  private readonly entryCases = new Map<string, number>()
  /** Arrays, not Sets: most hold one id, and a team has one per source ticket. */
  private readonly byUrl = new Map<string, string[]>()
  private readonly entryUrls = new Map<string, string[]>()
  private readonly ticketEntries = new Map<string, string[]>()
  private readonly entrySources = new Map<string, string[]>()

  constructor(stats = new TermStatistics()) {
    this.stats = stats
  }

  static restore(raw: TeamMatchRaw): TeamMatch {
    const team = new TeamMatch(TermStatistics.restore(raw.stats))
    for (const [id, cases] of raw.cases) {
      team.entryCases.set(id, cases)
      team.totalCases += cases
    }
    for (const [id, tickets] of raw.entrySources) team.entrySources.set(id, tickets)
    for (const [ticketId, ids] of raw.ticketEntries) team.ticketEntries.set(ticketId, ids)
    for (const [id, urls] of raw.entryUrls) team.entryUrls.set(id, urls)
    for (const [url, ids] of raw.byUrl) team.byUrl.set(url, ids)
    return team
  }

  /** Adds or replaces an entry, given its tokens (all parts). */
  index(entry: KnowledgeEntry, tokens: readonly string[]): void {
    this.stats.set(entry.id, tokens)
    this.setUrls(entry.id, [...new Set(urlsIn(entry.resolution.join('\n')))])
    this.setSources(entry.id, entry.sourceTicketIds)
    const cases = observationsOf(entry)
    this.totalCases += cases - (this.entryCases.get(entry.id) ?? 0)
    this.entryCases.set(entry.id, cases)
  }

  has(id: string): boolean {
    return this.stats.has(id)
  }

  get caseCount(): number {
    return this.totalCases
  }

  /** The URLs an indexed entry's resolution links (as of when it was indexed). */
  urlsOf(id: string): string[] {
    return this.entryUrls.get(id) ?? []
  }

  entriesLinking(urls: readonly string[]): string[] {
    return [...new Set(urls.flatMap((url) => this.byUrl.get(url) ?? []))]
  }

  entriesFromTicket(ticketId: string): string[] {
    return [...(this.ticketEntries.get(ticketId) ?? [])]
  }

  save(): TeamMatchRaw {
    const lists = (map: Map<string, string[]>): Array<[string, string[]]> =>
      [...map].filter(([, ids]) => ids.length > 0)
    return {
      stats: this.stats.save(),
      cases: [...this.entryCases],
      entrySources: [...this.entrySources],
      ticketEntries: lists(this.ticketEntries),
      entryUrls: [...this.entryUrls],
      byUrl: lists(this.byUrl)
    }
  }

  private setUrls(id: string, urls: string[]): void {
    for (const url of this.entryUrls.get(id) ?? []) removeFrom(this.byUrl.get(url), id)
    if (urls.length > 0) this.entryUrls.set(id, urls)
    else this.entryUrls.delete(id)
    for (const url of urls) addTo(this.byUrl, url, id)
  }

  private setSources(id: string, tickets: string[]): void {
    for (const ticketId of this.entrySources.get(id) ?? []) removeFrom(this.ticketEntries.get(ticketId), id)
    if (tickets.length > 0) this.entrySources.set(id, tickets)
    else this.entrySources.delete(id)
    for (const ticketId of tickets) addTo(this.ticketEntries, ticketId, id)
  }
}

/** Adds `id` last under `key`, as a Set would (an id already there keeps its place). */
function addTo(map: Map<string, string[]>, key: string, id: string): void {
  const ids = map.get(key)
  if (!ids) map.set(key, [id])
  else if (!ids.includes(id)) ids.push(id)
}

function removeFrom(ids: string[] | undefined, id: string): void {
  const at = ids?.indexOf(id) ?? -1
  if (at >= 0) ids!.splice(at, 1)
}
