/**
 * What the preload exposes as `window.vigil` in the Electron app. The renderer's bridge module uses it when
 * present and falls back to HTTP + WebSocket (`vigil serve`) otherwise.
 */
import type { PushEnvelope } from './contract'
import type { Result } from './errors'
import type { OverlayCommand } from './overlayCommands'

export interface VigilBridgeApi {
  call(route: string, input: unknown): Promise<Result<unknown>>
  onEvent(listener: (envelope: PushEnvelope) => void): () => void
  /**
   * Desktop only: the overlay window never takes focus on its own (the analyst keeps typing in their ticketing
   * tool), so a text field in it asks for keyboard focus while it is in use. Absent in a browser.
   */
  requestFocus?(): void
  /** Desktop only: gives the keyboard focus back and makes the overlay unfocusable again. */
  releaseFocus?(): void
  /** Desktop only: the system's file dialog, filtered to GGUF models; resolves to the chosen path or null. */
  pickModelFile?(): Promise<string | null>
  /** Desktop only: the system's save dialog; writes the bundle's bytes (base64) there. Resolves to the path, or null. */
  saveBundleFile?(suggestedName: string, data: string): Promise<string | null>
  /** Desktop only: the system's open dialog for a bundle file; resolves to its name and base64 bytes, or null. */
  openBundleFile?(): Promise<{ name: string; data: string } | null>
  /**
   * Desktop only: commands from the overlay's global shortcuts (next card, adopt, ...), checked by the preload;
   * returns the function that stops listening.
   */
  onOverlayCommand?(listener: (command: OverlayCommand) => void): () => void
}
