/** Small CDP-format conversations for the evaluation's tests, one every 90 minutes from `startAt`. */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface ConversationOptions {
  /** An agent turn after the customer's, before the resolving reply. */
  agentTurn?: string
  /** Further customer turns, a minute apart. */
  moreCustomerTurns?: string[]
}

export function conversationClock(startAt = '2020-03-01T10:00:00Z') {
  let minute = 0
  return function conversation(
    company: string,
    customer: string,
    docId: string,
    url: string,
    options: ConversationOptions = {}
  ) {
    const base = Date.parse(startAt) + (minute += 90) * 60_000
    const at = (offset: number): string => new Date(base + offset * 60_000).toISOString()
    return {
      agentURL: {
        doc_id: docId,
        turn: '2',
        tweet_ID: '1',
        url,
        url_utterance: `@someone Please see this article: ${url} *AB`
      },
      dialogContent: [
        { client: 'someone', datetime: at(0), message: customer, tweet_ID: '2' },
        ...(options.agentTurn
          ? [{ agent: company, datetime: at(0), message: options.agentTurn, tweet_ID: '3' }]
          : []),
        ...(options.moreCustomerTurns ?? []).map((message, position) => ({
          client: 'someone',
          datetime: at(position + 1),
          message,
          tweet_ID: `4${position}`
        }))
      ],
      dialogHeader: {
        company,
        conversationDateTime: at(0),
        duration: '00:10:00.0',
        messageCount: '2',
        sessionID: `s${minute}`
      }
    }
  }
}

export async function writeConversations(dir: string, records: unknown, name = 'conversations.json') {
  const file = join(dir, name)
  await writeFile(file, JSON.stringify(records))
  return file
}

export const installUrl = 'https://support.example.com/articles/install-troubleshooting'
export const refundUrl = 'https://support.example.com/articles/refunds'
export const passwordUrl = 'https://support.example.com/articles/password-reset'
