/**
 * Chatwoot's application API (`https://<host>/api/v1`, header `api_access_token`): the calls Vigil makes and the
 * shapes it reads. Conversations are listed most recent activity first, 25 a page; messages come 20 at a time,
 * newest last, older ones with `before=<id>`. Times are Unix seconds.
 */
import { z } from 'zod'
import type { ConnectorHttpClient, Query } from '../http/connectorHttpClient'
import { parseAnswer } from '../wireHelpers'

const UnixTime = z.union([z.number(), z.string()])

export const CwConversation = z.object({
  id: z.number().int(),
  status: z.string(),
  created_at: UnixTime,
  last_activity_at: UnixTime.nullish(),
  timestamp: UnixTime.nullish(),
  meta: z
    .object({
      sender: z.object({ id: z.number().nullish(), name: z.string().nullish() }).nullish(),
      assignee: z.object({ id: z.number().nullish(), name: z.string().nullish() }).nullish(),
      team: z.object({ id: z.number().nullish(), name: z.string().nullish() }).nullish()
    })
    .nullish(),
  additional_attributes: z.record(z.string(), z.unknown()).nullish()
})
export type CwConversation = z.infer<typeof CwConversation>

export const CwMessage = z.object({
  id: z.number().int(),
  content: z.string().nullish(),
  message_type: z.union([z.number(), z.string()]),
  private: z.boolean().default(false),
  created_at: UnixTime,
  content_attributes: z.record(z.string(), z.unknown()).nullish(),
  sender_type: z.string().nullish(),
  sender: z
    .object({
      id: z.number().nullish(),
      name: z.string().nullish(),
      email: z.string().nullish(),
      type: z.string().nullish()
    })
    .nullish(),
  attachments: z
    .array(
      z.object({
        file_type: z.string().nullish(),
        data_url: z.string().nullish(),
        file_size: z.number().nullish(),
        extension: z.string().nullish()
      })
    )
    .default([])
})
export type CwMessage = z.infer<typeof CwMessage>

const ConversationPage = z.object({ data: z.object({ payload: z.array(z.unknown()) }) })
const MessagePage = z.object({ payload: z.array(z.unknown()) })
export const CwProfile = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  pubsub_token: z.string().nullish()
})

export class ChatwootApi {
  constructor(
    readonly client: ConnectorHttpClient,
    private readonly accountId: number
  ) {}

  /** One page (25) of conversations, most recent activity first (items unvalidated). */
  async conversations(filter: Query, page: number, signal?: AbortSignal): Promise<unknown[]> {
    const response = await this.client.get(`accounts/${this.accountId}/conversations`, {
      query: { status: 'all', sort_by: 'last_activity_at_desc', ...filter, page },
      signal
    })
    return parseAnswer(this.client, ConversationPage, response.json, 'GET /conversations').data.payload
  }

  async conversation(id: number, signal?: AbortSignal): Promise<unknown> {
    return (await this.client.get(`accounts/${this.accountId}/conversations/${id}`, { signal })).json
  }

  /** Up to 20 messages before `before` (or the newest), oldest first (items unvalidated). */
  async messages(conversationId: number, before: number | null, signal: AbortSignal): Promise<unknown[]> {
    const response = await this.client.get(
      `accounts/${this.accountId}/conversations/${conversationId}/messages`,
      {
        query: { before: before ?? undefined },
        signal
      }
    )
    return parseAnswer(this.client, MessagePage, response.json, 'GET /messages').payload
  }

  async profile(signal?: AbortSignal): Promise<{ profile: z.infer<typeof CwProfile>; headers: Headers }> {
    const response = await this.client.get('profile', { signal })
    return {
      profile: parseAnswer(this.client, CwProfile, response.json, 'GET /profile'),
      headers: response.headers
    }
  }

  /** A private message: visible to agents only. */
  async addPrivateNote(conversationId: number, text: string): Promise<void> {
    await this.client.post(`accounts/${this.accountId}/conversations/${conversationId}/messages`, {
      content: text,
      message_type: 'outgoing',
      private: true
    })
  }
}
