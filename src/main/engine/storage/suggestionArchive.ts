/**
 * The suggestions of tickets the engine retired from memory (running/retireResolved.ts), each with its reactions
 * folded in, in `suggestions-archive.jsonl` (the suggestion log's own record format, so the same reader counts
 * them). They come back with their ticket; `vigil stats` reads them with the log.
 */
import type { Suggestion } from '../../../shared/domain'
import { SuggestionRecord } from './suggestionLog'
import { TicketArchive } from './ticketArchive'

const ticketOf = (record: SuggestionRecord): string =>
  record.type === 'suggestion' ? record.suggestion.ticketId : record.feedback.suggestionId

export class SuggestionArchive {
  private constructor(private readonly archive: TicketArchive<typeof SuggestionRecord>) {}

  static async open(dataDir: string, report: (message: string) => void): Promise<SuggestionArchive> {
    return new SuggestionArchive(
      await TicketArchive.open(dataDir, 'suggestions-archive', SuggestionRecord, ticketOf, report)
    )
  }

  add(suggestions: readonly Suggestion[]): Promise<void> {
    return this.archive.add(suggestions.map((suggestion) => ({ type: 'suggestion' as const, suggestion })))
  }

  /** A ticket's archived suggestions, oldest first (a suggestion archived twice: its latest copy). */
  async of(ticketId: string): Promise<Suggestion[]> {
    const records = await this.archive.recordsOf(ticketId, (record) =>
      record.type === 'suggestion' ? record.suggestion.id : record.feedback.suggestionId
    )
    return records.flatMap((record) => (record.type === 'suggestion' ? [record.suggestion] : []))
  }

  close(): Promise<void> {
    return this.archive.close()
  }
}
