/** Every suggestion Vigil showed and every reaction to it, so that it never repeats itself after a restart. */
import { z } from 'zod'
import { Feedback, Suggestion } from '../../../shared/domain'
import { JsonLinesWriter, openJsonLines, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

const SuggestionRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('suggestion'), suggestion: Suggestion }),
  z.object({ type: z.literal('feedback'), feedback: Feedback })
])
type SuggestionRecord = z.infer<typeof SuggestionRecord>

/** The log's suggestions with their feedback applied, oldest first. */
function withFeedback(records: readonly SuggestionRecord[]): Suggestion[] {
  const byId = new Map<string, Suggestion>()
  for (const record of records) {
    if (record.type === 'suggestion') byId.set(record.suggestion.id, record.suggestion)
    else byId.get(record.feedback.suggestionId)?.feedback.push(record.feedback)
  }
  return [...byId.values()]
}

/** Reads the log without opening it for writing (nothing is moved or cut): for tools that only look. */
export async function readSuggestionLog(file: string): Promise<Suggestion[]> {
  return withFeedback(await readJsonLines(file, SuggestionRecord))
}

export class SuggestionLog {
  private readonly writer: JsonLinesWriter

  private constructor(file: string, report: (message: string) => void) {
    this.writer = new JsonLinesWriter(file, (torn) => report(describeTorn(torn)))
  }

  /**
   * Opens the log and returns the suggestions it holds with their feedback applied, oldest first. An unfinished
   * last record is moved aside and `report`ed once; damage anywhere else refuses to open, naming the file and line.
   */
  static async open(
    file: string,
    report: (message: string) => void = () => undefined
  ): Promise<{ log: SuggestionLog; suggestions: Suggestion[] }> {
    const { records, torn } = await openJsonLines(file, SuggestionRecord)
    if (torn) report(describeTorn(torn))
    return { log: new SuggestionLog(file, report), suggestions: withFeedback(records) }
  }

  appendSuggestion(suggestion: Suggestion): Promise<void> {
    return this.writer.append({ type: 'suggestion', suggestion })
  }

  appendFeedback(feedback: Feedback): Promise<void> {
    return this.writer.append({ type: 'feedback', feedback })
  }

  flush(): Promise<void> {
    return this.writer.flush()
  }

  /** Flushes and closes the file; a later append opens it again. */
  close(): Promise<void> {
    return this.writer.close()
  }
}
