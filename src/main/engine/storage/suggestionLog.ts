/** Every suggestion Vigil showed and every reaction to it, so that it never repeats itself after a restart. */
import { z } from 'zod'
import { Feedback, Suggestion } from '../../../shared/domain'
import { JsonLinesWriter, openJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

const SuggestionRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('suggestion'), suggestion: Suggestion }),
  z.object({ type: z.literal('feedback'), feedback: Feedback })
])

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
    const byId = new Map<string, Suggestion>()
    const { records, torn } = await openJsonLines(file, SuggestionRecord)
    if (torn) report(describeTorn(torn))
    for (const record of records) {
      if (record.type === 'suggestion') byId.set(record.suggestion.id, record.suggestion)
      else {
        const target = byId.get(record.feedback.suggestionId)
        if (target) target.feedback.push(record.feedback)
      }
    }
    return { log: new SuggestionLog(file, report), suggestions: [...byId.values()] }
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
