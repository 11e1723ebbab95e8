/**
 * Chatwoot's ActionCable websocket (`/cable`, the RoomChannel of the agent's pubsub token): a push channel that
 * tells Vigil the moment a message is created or a conversation changes. It only wakes the poller: what to deliver,
 * and the cursor, still come from the REST API, so a missed or reordered push loses nothing. Reconnects with backoff.
 */
import WebSocket from 'ws'
import type { ConnectorCounters } from '../connectorCounters'

/** Events after which a poll may find something new. */
const wakingEvents = new Set([
  'message.created',
  'message.updated',
  'conversation.created',
  'conversation.updated',
  'conversation.status_changed',
  'conversation.opened',
  'conversation.resolved',
  'assignee.changed',
  'team.changed'
])
/** Events known to carry nothing Vigil needs. */
const quietEvents = new Set([
  'conversation.typing_on',
  'conversation.typing_off',
  'conversation.read',
  'conversation.contact_changed',
  'conversation.mentioned',
  'presence.update',
  'contact.updated',
  'contact.created',
  'notification.created',
  'notification.deleted',
  'first.reply.created'
])

export interface CableOptions {
  /** `ws://` or `wss://` address of `/cable`. */
  url: string
  /** The Origin Chatwoot's cable accepts: the instance's own address. */
  origin: string
  subscription: { pubsub_token: string; account_id: number; user_id: number }
  onWake: () => void
  onState: (state: 'connecting' | 'connected' | 'closed') => void
  counters: ConnectorCounters
  webSocket?: typeof WebSocket
}

export function runCable(options: CableOptions, signal: AbortSignal): void {
  const identifier = JSON.stringify({ channel: 'RoomChannel', ...options.subscription })
  const Socket = options.webSocket ?? WebSocket
  let delay = 1_000
  let socket: WebSocket | null = null
  const connect = (): void => {
    if (signal.aborted) return
    options.onState('connecting')
    socket = new Socket(options.url, { headers: { origin: options.origin } })
    socket.on('open', () => socket?.send(JSON.stringify({ command: 'subscribe', identifier })))
    socket.on('message', (data) => {
      const frame = parse(String(data))
      if (frame?.type === 'confirm_subscription') {
        delay = 1_000
        options.onState('connected')
        options.onWake()
      } else if (frame?.type === 'reject_subscription') socket?.close()
      else if (frame && !frame.type && frame.message) handle(frame.message)
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      options.onState('closed')
      if (signal.aborted) return
      setTimeout(connect, delay).unref()
      delay = Math.min(delay * 2, 60_000)
    })
  }
  const handle = (message: unknown): void => {
    const event = (message as { event?: unknown } | null)?.event
    if (typeof event === 'string' && wakingEvents.has(event)) options.onWake()
    else if (typeof event !== 'string' || !quietEvents.has(event)) options.counters.skip('unknown-push-event')
  }
  signal.addEventListener('abort', () => socket?.close(), { once: true })
  connect()
}

function parse(text: string): { type?: string; message?: unknown } | null {
  try {
    const value = JSON.parse(text) as unknown
    return value && typeof value === 'object' ? (value as { type?: string; message?: unknown }) : null
  } catch {
    return null
  }
}
