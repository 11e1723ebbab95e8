/**
 * The renderer's one way to the engine: a typed client over a transport. The transport is the Electron preload
 * (`window.vigil`) or, in a browser opened by `vigil serve`, HTTP + WebSocket. Replies are checked against the
 * route's zod schema; a `{ ok: false }` Result becomes a thrown {@link BridgeError}.
 */
import { inject, type InjectionKey, type Plugin } from 'vue'
import { z } from 'zod'
import type { VigilBridgeApi } from '../../shared/bridgeApi'
import {
  pushEvents,
  routes,
  type PushEnvelope,
  type PushEventName,
  type PushEventPayload,
  type RouteInput,
  type RouteName,
  type RouteOutput
} from '../../shared/contract'
import { ErrorCode } from '../../shared/errors'
import type { OverlayCommand } from '../../shared/overlayCommands'
import { createHttpTransport, readServeToken } from './httpTransport'

/** What carries calls and events; the preload's `window.vigil` is one, the HTTP transport another. */
/**
 * Whether the page hears the engine: `lost` while the event stream is down (the server stopped, the network went),
 * `refused` when the server answers but not to this page's key (a new run of `vigil serve`: its new link is needed).
 */
export type ConnectionState = 'connected' | 'lost' | 'refused'

export interface VigilTransport extends VigilBridgeApi {
  /** Called after the event stream came back from a drop, so stores can reload what they missed. */
  onReconnect?(listener: () => void): () => void
  /** Called when the connection's state changes (at once when it is not connected). None in the desktop app. */
  onConnection?(listener: (state: ConnectionState) => void): () => void
}

/** Codes of the engine, plus the two failures that happen before an answer arrives. */
export type BridgeErrorCode = ErrorCode | 'UNREACHABLE' | 'BAD_RESPONSE'

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly route?: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'BridgeError'
  }
}

const KnownCode = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]])
const ResultShape = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })
])

/**
 * What the desktop shell offers besides the engine. In a browser (`vigil serve`) there is no shell: focus requests
 * do nothing and `pickModelFile` is null, so the pages offer a plain text field instead.
 */
export interface ShellCapabilities {
  /** Whether the page sits in a window that must ask for keyboard focus (the overlay in the desktop app). */
  readonly canRequestFocus: boolean
  requestFocus(): void
  releaseFocus(): void
  /** The system's file dialog for a GGUF model; null when there is none. */
  readonly pickModelFile: (() => Promise<string | null>) | null
  /** Desktop: save a bundle's base64 bytes through the save dialog (the path, or null if cancelled); null in a browser. */
  readonly saveBundleFile: ((suggestedName: string, data: string) => Promise<string | null>) | null
  /** Desktop: a bundle file chosen in the open dialog (null if cancelled); null in a browser. */
  readonly openBundleFile: (() => Promise<{ name: string; data: string } | null>) | null
  /** Commands from the desktop app's global shortcuts (never in a browser); returns the unsubscribe function. */
  onOverlayCommand(listener: (command: OverlayCommand) => void): () => void
}

export interface VigilClient {
  call<K extends RouteName>(route: K, input: RouteInput<K>): Promise<RouteOutput<K>>
  /** Every valid pushed event; returns an unsubscribe function. */
  onEvent(listener: (envelope: PushEnvelope) => void): () => void
  /** Only the events named `event`, with their payload typed. */
  on<K extends PushEventName>(event: K, handler: (payload: PushEventPayload<K>) => void): () => void
  onReconnect(listener: () => void): () => void
  /** Whether the page hears the engine, each time it changes (see ConnectionState). */
  onConnection(listener: (state: ConnectionState) => void): () => void
  /** What the desktop shell offers besides the engine (nothing in a browser). */
  shell: ShellCapabilities
}

export function createVigilClient(transport: VigilTransport): VigilClient {
  async function call<K extends RouteName>(route: K, input: RouteInput<K>): Promise<RouteOutput<K>> {
    let raw: unknown
    try {
      raw = await transport.call(route, input)
    } catch (cause) {
      if (cause instanceof BridgeError) throw cause
      throw new BridgeError('UNREACHABLE', `Could not reach the Vigil engine (${describe(cause)})`, route, {
        cause
      })
    }
    const result = ResultShape.safeParse(raw)
    if (!result.success)
      throw new BridgeError('BAD_RESPONSE', `The engine sent no result for ${route}`, route)
    if (!result.data.ok) {
      const { code, message } = result.data.error
      const known = KnownCode.safeParse(code)
      throw new BridgeError(known.success ? known.data : ErrorCode.internal, message, route)
    }
    const output = routes[route].output.safeParse(result.data.value)
    if (!output.success) {
      throw new BridgeError('BAD_RESPONSE', `Unexpected reply from the engine for ${route}`, route)
    }
    return output.data as RouteOutput<K>
  }

  function onEvent(listener: (envelope: PushEnvelope) => void): () => void {
    return transport.onEvent((envelope) => {
      const checked = parseEnvelope(envelope)
      if (checked) listener(checked)
    })
  }

  function on<K extends PushEventName>(event: K, handler: (payload: PushEventPayload<K>) => void) {
    return onEvent((envelope) => {
      if (envelope.event === event) handler(envelope.payload as PushEventPayload<K>)
    })
  }

  const onReconnect = (listener: () => void) => transport.onReconnect?.(listener) ?? (() => undefined)
  const onConnection = (listener: (state: ConnectionState) => void) =>
    transport.onConnection?.(listener) ?? (() => undefined)

  return { call, onEvent, on, onReconnect, onConnection, shell: shellCapabilities(transport) }
}

function shellCapabilities(transport: VigilTransport): ShellCapabilities {
  const pick = transport.pickModelFile
  return {
    canRequestFocus: typeof transport.requestFocus === 'function',
    requestFocus: () => transport.requestFocus?.(),
    releaseFocus: () => transport.releaseFocus?.(),
    pickModelFile: pick
      ? async () => {
          // The preload already checks the type; a page cannot be too careful with what crosses IPC.
          const picked: unknown = await pick.call(transport)
          return typeof picked === 'string' && picked !== '' ? picked : null
        }
      : null,
    saveBundleFile: transport.saveBundleFile
      ? (suggestedName, data) => transport.saveBundleFile!.call(transport, suggestedName, data)
      : null,
    openBundleFile: transport.openBundleFile ? () => transport.openBundleFile!.call(transport) : null,
    onOverlayCommand: (listener) => transport.onOverlayCommand?.(listener) ?? (() => undefined)
  }
}

/** Drops events that are unknown or malformed rather than letting them corrupt a store. */
function parseEnvelope(envelope: unknown): PushEnvelope | null {
  if (typeof envelope !== 'object' || envelope === null) return null
  const { event, payload } = envelope as { event?: unknown; payload?: unknown }
  if (typeof event !== 'string' || !Object.prototype.hasOwnProperty.call(pushEvents, event)) return null
  const parsed = pushEvents[event as PushEventName].safeParse(payload)
  return parsed.success ? ({ event, payload: parsed.data } as PushEnvelope) : null
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

export const vigilClientKey: InjectionKey<VigilClient> = Symbol('vigil-client')

/** The client provided by the page's main.ts (or a test); usable in components and Pinia setup stores. */
export function useVigilClient(): VigilClient {
  const client = inject(vigilClientKey, null)
  if (!client) throw new Error('No Vigil client provided: call app.provide(vigilClientKey, client)')
  return client
}

/** The preload's bridge inside Electron; otherwise the `vigil serve` transport for this page's origin. */
export function selectTransport(page: Window): VigilTransport {
  if (page.vigil) return page.vigil
  const token = readServeToken(page.location, page.sessionStorage, page.history)
  return createHttpTransport({ origin: page.location.origin, token })
}

/** Provides the client to every component and Pinia setup store of an app. */
export function vigilClientPlugin(client: VigilClient): Plugin {
  return { install: (app) => app.provide(vigilClientKey, client) }
}
