/**
 * Loads the Twitter customer-care "conversational document prediction" format (IBM, EMNLP 2020): conversations
 * between customers and a company's support agents, each ending with the agent's reply that links a support
 * article (`agentURL`, with its `doc_id`). Tweets come HTML-escaped, as Twitter's API gives them ("yahoo &amp;
 * google"): their text is decoded as a connector decodes a ticket's HTML, so "amp" is never taken for a word. A malformed record (a field of the wrong type) fails with the record and
 * field named; a partial or unusable record (a required field missing or empty, no customer turn, an unreadable
 * time) is skipped and counted with the reason, never silently dropped.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { decodeEntities } from '../../engine/connectors/messageText'

// Every field is checked for its type (a wrong type is a malformed record: an error naming record and field), but
// required fields may be absent: such a partial record is skipped and counted by `toCase`.
const Turn = z
  .object({
    datetime: z.string().optional(),
    message: z.string().optional(),
    tweet_ID: z.string().optional(),
    agent: z.string().optional(),
    client: z.string().optional()
  })
  .catchall(z.unknown())

const Conversation = z.object({
  agentURL: z
    .object({
      doc_id: z.string().optional(),
      url: z.string().optional(),
      url_utterance: z.string().optional(),
      turn: z.string().optional()
    })
    .optional(),
  dialogContent: z.array(Turn).optional(),
  dialogHeader: z
    .object({
      company: z.string().optional(),
      conversationDateTime: z.string().optional(),
      duration: z.string().optional(),
      sessionID: z.string().optional()
    })
    .optional()
})

export interface CdpTurn {
  role: 'customer' | 'analyst'
  author: string
  text: string
  time: string
}

export interface CdpCase {
  /** Position in the file, for messages. */
  index: number
  sessionId: string
  company: string
  docId: string
  url: string
  turns: CdpTurn[]
  /** The agent's reply that links the article: the resolving turn. */
  resolution: CdpTurn
}

export interface CdpDataSet {
  cases: CdpCase[]
  /** Records left out: their position in the file and why (naming the field). */
  skipped: Array<{ index: number; reason: string }>
}

export async function loadCdpFile(file: string): Promise<CdpDataSet> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${file}: cannot be read as JSON (${(error as Error).message})`)
  }
  if (!Array.isArray(json))
    throw new VigilError(ErrorCode.badInput, `${file}: expected an array of conversations`)
  const data: CdpDataSet = { cases: [], skipped: [] }
  json.forEach((record, index) => {
    const parsed = Conversation.safeParse(record)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new VigilError(
        ErrorCode.badInput,
        `${file}: record ${index}: ${issue.path.join('.') || 'record'}: ${issue.message}`
      )
    }
    const result = toCase(parsed.data, index)
    if (typeof result === 'string') data.skipped.push({ index, reason: result })
    else data.cases.push(result)
  })
  return data
}

function toCase(conversation: z.infer<typeof Conversation>, index: number): CdpCase | string {
  const { dialogHeader: header, agentURL, dialogContent } = conversation
  const required: Array<[string, string | undefined]> = [
    ['agentURL.doc_id', agentURL?.doc_id],
    ['agentURL.url', agentURL?.url],
    ['agentURL.url_utterance', agentURL?.url_utterance],
    ['dialogHeader.company', header?.company],
    ['dialogHeader.conversationDateTime', header?.conversationDateTime],
    ['dialogHeader.sessionID', header?.sessionID]
  ]
  const missing = required.find(([, value]) => value === undefined || value.trim() === '')
  if (missing) return `${missing[0]}: missing or empty`
  if (!dialogContent) return 'dialogContent: missing'
  const turns: CdpTurn[] = []
  for (const [position, turn] of dialogContent.entries()) {
    if (turn.datetime === undefined) return `dialogContent.${position}.datetime: missing`
    const time = Date.parse(turn.datetime)
    if (Number.isNaN(time)) return `dialogContent.${position}.datetime: unreadable "${turn.datetime}"`
    // An empty tweet (or one without text) says nothing; the conversation goes on without it.
    if (turn.message === undefined || turn.message.trim() === '') continue
    const agent = turn.agent
    const client = turn.client ?? Object.entries(turn).find(([key]) => /^client\d*$/.test(key))?.[1]
    turns.push({
      role: agent ? 'analyst' : 'customer',
      author: String(agent ?? client ?? 'customer'),
      text: decodeEntities(turn.message),
      time: new Date(time).toISOString()
    })
  }
  if (!turns.some((turn) => turn.role === 'customer')) return 'no customer turn'
  const start = Date.parse(header!.conversationDateTime!)
  if (Number.isNaN(start)) {
    return `dialogHeader.conversationDateTime: unreadable "${header!.conversationDateTime}"`
  }
  const last = Date.parse(turns.at(-1)!.time)
  // The resolving reply has no time of its own: the conversation's start plus its duration, never before the
  // last turn (some durations are negative or absent).
  const end = Math.max(start + durationMs(header!.duration ?? ''), last + 1000)
  return {
    index,
    sessionId: header!.sessionID!,
    company: header!.company!,
    docId: agentURL!.doc_id!,
    url: agentURL!.url!,
    turns,
    resolution: {
      role: 'analyst',
      author: header!.company!,
      text: decodeEntities(agentURL!.url_utterance!),
      time: new Date(end).toISOString()
    }
  }
}

/** "01:26:55.0" → milliseconds; anything unreadable or negative → 0. */
function durationMs(duration: string): number {
  const match = /^(\d+):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(duration.trim())
  if (!match) return 0
  return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000
}
