/**
 * Chatwoot's application API as documented (profile, conversations list with assignee/team filters and 25 a page,
 * messages 20 at a time with `before`, private message creation) and its ActionCable endpoint (/cable, RoomChannel
 * subscriptions by pubsub token), over recorded fixture objects.
 */
import type { WebSocket } from 'ws'
import type { FakeServer } from '../helpers/fakeServer'
import { loadFixture } from './fixtures'

type Json = Record<string, unknown>
export interface ChatwootData {
  profile: Json
  conversations: Json[]
  messages: Record<string, Json[]>
  unauthorized: Json
  notFound: Json
}

export class ChatwootFake {
  readonly data = loadFixture<ChatwootData>('chatwoot')
  readonly subscribers: WebSocket[] = []
  private nextId = 600

  constructor(
    private readonly server: FakeServer,
    private readonly messagePage = 20
  ) {
    this.install()
    this.installCable()
  }

  addMessage(conversationId: number, message: Json): Json {
    const at = Math.floor(Date.now() / 1000)
    const full = {
      id: this.nextId++,
      conversation_id: conversationId,
      message_type: 0,
      private: false,
      content_attributes: {},
      created_at: at,
      sender_type: 'Contact',
      sender: { id: 301, name: 'Lee Contact', type: 'contact' },
      ...message
    }
    ;(this.data.messages[String(conversationId)] ??= []).push(full)
    const conversation = this.data.conversations.find((item) => item.id === conversationId)!
    conversation.last_activity_at = conversation.timestamp = at
    return full
  }

  /** Sends an ActionCable broadcast to every subscribed client. */
  broadcast(event: string, data: Json): void {
    for (const socket of this.subscribers)
      socket.send(
        JSON.stringify({
          identifier: JSON.stringify({
            channel: 'RoomChannel',
            pubsub_token: this.data.profile.pubsub_token
          }),
          message: { event, data }
        })
      )
  }

  private install(): void {
    const meId = this.data.profile.id
    this.server
      .on('GET', '/api/v1/profile', () => ({
        json: this.data.profile,
        headers: { date: new Date().toUTCString() }
      }))
      .on('GET', '/api/v1/accounts/3/conversations', (request) => {
        const assignee = request.query.get('assignee_type')
        const team = request.query.get('team_id')
        const page = Number(request.query.get('page') ?? 1)
        const matching = this.data.conversations
          .filter(
            (item) => assignee !== 'me' || (item.meta as { assignee?: { id: number } }).assignee?.id === meId
          )
          .filter((item) => !team || String((item.meta as { team?: { id: number } }).team?.id) === team)
          .sort((a, b) => Number(b.last_activity_at) - Number(a.last_activity_at))
        const payload = matching.slice((page - 1) * 25, page * 25)
        return {
          json: {
            data: {
              meta: { mine_count: 2, assigned_count: 3, unassigned_count: 0, all_count: matching.length },
              payload
            }
          }
        }
      })
      .on('GET', /^\/api\/v1\/accounts\/3\/conversations\/(\d+)$/, (request) => {
        const conversation = this.data.conversations.find(
          (item) => String(item.id) === request.path.split('/').pop()
        )
        return conversation ? { json: conversation } : { status: 404, json: this.data.notFound }
      })
      .on('GET', /^\/api\/v1\/accounts\/3\/conversations\/(\d+)\/messages$/, (request) => {
        const all = this.data.messages[request.path.split('/')[6]!] ?? []
        const before = request.query.get('before')
        const older = before ? all.filter((message) => Number(message.id) < Number(before)) : all
        return {
          json: {
            meta: {
              labels: [],
              additional_attributes: {},
              contact: {},
              assignee: {},
              agent_last_seen_at: 0,
              assignee_last_seen_at: 0
            },
            payload: older.slice(-this.messagePage)
          }
        }
      })
      .on('POST', /^\/api\/v1\/accounts\/3\/conversations\/(\d+)\/messages$/, (request) => {
        const body = request.body as Json
        const added = this.addMessage(Number(request.path.split('/')[6]), {
          content: body.content,
          message_type: 1,
          private: body.private,
          sender_type: 'User',
          sender: { id: meId, name: 'Jo Agent', type: 'user' }
        })
        return { json: added }
      })
  }

  private installCable(): void {
    this.server.withWebSocket('/cable').on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'welcome' }))
      socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { command: string; identifier: string }
        const identifier = JSON.parse(frame.identifier) as { channel: string; pubsub_token: string }
        const accepted =
          frame.command === 'subscribe' &&
          identifier.channel === 'RoomChannel' &&
          identifier.pubsub_token === this.data.profile.pubsub_token
        socket.send(
          JSON.stringify({
            identifier: frame.identifier,
            type: accepted ? 'confirm_subscription' : 'reject_subscription'
          })
        )
        if (accepted) this.subscribers.push(socket)
      })
    })
  }
}
