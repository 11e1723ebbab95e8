/**
 * What the preload exposes as `window.vigil` in the Electron app. The renderer's bridge module uses it when
 * present and falls back to HTTP + WebSocket (`vigil serve`) otherwise.
 */
import type { PushEnvelope } from './contract'
import type { Result } from './errors'

export interface VigilBridgeApi {
  call(route: string, input: unknown): Promise<Result<unknown>>
  onEvent(listener: (envelope: PushEnvelope) => void): () => void
}
