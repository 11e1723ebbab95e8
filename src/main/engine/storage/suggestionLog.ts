/** Every suggestion Vigil showed and every reaction to it, so that it never repeats itself after a restart. */
import { z } from 'zod'
import { Feedback, Suggestion } from '../../../shared/domain'
import { JsonLinesWriter, openJsonLines, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

export const SuggestionRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('suggestion'), suggestion: Suggestion }),
  z.object({ type: z.literal('feedback'), feedback: Feedback })
])
export type SuggestionRecord = z.infer<typeof SuggestionRecord>

/** The log's suggestions with their feedback applied, oldest first. */
function withFeedback(records: readonly SuggestionRecord[]): Suggestion[] {
  const byId = new Map<string, Suggestion>()
  for (const record of records) {
    if (record.type === 'suggestion') byId.set(record.suggestion.id, record.suggestion)
    else {
      const suggestion = byId.get(record.feedback.suggestionId)
      // A reaction folded into a suggestion logged again (a ticket brought back from the archive) counts once.
      if (suggestion && !suggestion.feedback.some((known) => sameFeedback(known, record.feedback)))
        suggestion.feedback.push(record.feedback)
    }
  }
  return [...byId.values()]
}

function sameFeedback(a: Feedback, b: Feedback): boolean {
  return a.kind === b.kind && a.at === b.at && (a.via ?? 'button') === (b.via ?? 'button')
}

/**
 * Reads the log without opening it for writing (nothing is moved or cut): for tools that only look. Given several
 * files (the archive, then the log), reads them as one, the later copy of a suggestion winning.
 */
export async function readSuggestionLog(...files: string[]): Promise<Suggestion[]> {
  const records: SuggestionRecord[] = []
  for (const file of files) records.push(...(await readJsonLines(file, SuggestionRecord)))
  return withFeedback(records)
}

/** Compaction waits until the file holds at least this many records, so a small log is never rewritten. */
const COMPACT_AT_LEAST = 2_000

export class SuggestionLog {
  private readonly writer: JsonLinesWriter

  private constructor(
    file: string,
    report: (message: string) => void,
    /** Records in the file (suggestions and reactions). */
    private records: number,
    private readonly compactAtLeast: number
  ) {
    this.writer = new JsonLinesWriter(file, (torn) => report(describeTorn(torn)))
  }

  /**
   * Opens the log and returns the suggestions it holds with their feedback applied, oldest first. An unfinished
   * last record is moved aside and `report`ed once; damage anywhere else refuses to open, naming the file and line.
   */
  static async open(
    file: string,
    report: (message: string) => void = () => undefined,
    /** Compact only once the file holds at least this many records. Default 2,000. */
    compactAtLeast = COMPACT_AT_LEAST
  ): Promise<{ log: SuggestionLog; suggestions: Suggestion[] }> {
    const { records, torn } = await openJsonLines(file, SuggestionRecord)
    if (torn) report(describeTorn(torn))
    return {
      log: new SuggestionLog(file, report, records.length, compactAtLeast),
      suggestions: withFeedback(records)
    }
  }

  async appendSuggestion(suggestion: Suggestion): Promise<void> {
    await this.writer.append({ type: 'suggestion', suggestion })
    this.records++
  }

  async appendFeedback(feedback: Feedback): Promise<void> {
    await this.writer.append({ type: 'feedback', feedback })
    this.records++
  }

  /**
   * Rewrites the file with `live` (the suggestions of the tickets in memory, each with its reactions folded in)
   * once it holds twice as many records: the others were archived with their tickets (suggestionArchive.ts).
   * Returns whether it did.
   */
  compactIfWorthIt(live: readonly Suggestion[]): boolean {
    if (this.records < this.compactAtLeast || this.records < 2 * live.length) return false
    this.writer.replaceAll(
      live.map((suggestion) => ({ type: 'suggestion', suggestion }) satisfies SuggestionRecord)
    )
    this.records = live.length
    return true
  }

  flush(): Promise<void> {
    return this.writer.flush()
  }

  /** Flushes and closes the file; a later append opens it again. */
  close(): Promise<void> {
    return this.writer.close()
  }
}
