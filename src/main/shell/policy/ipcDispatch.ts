/** The IPC router's logic without Electron: check the sender, forward to the engine, relay pushed events. */
import type { PushEnvelope } from '../../../shared/contract'
import { ErrorCode, type Result } from '../../../shared/errors'
import type { Engine } from '../../engine/types'
import type { SenderCheck } from './senderTrust'

/**
 * Runs one `vigil:call` message. An untrusted sender gets FORBIDDEN and the engine never sees the call.
 * Never throws: whatever goes wrong comes back as a coded error, as the contract promises.
 */
export async function dispatchCall(
  engine: Pick<Engine, 'call'>,
  sender: SenderCheck,
  route: unknown,
  input: unknown
): Promise<Result<unknown>> {
  if (!sender.trusted) {
    return { ok: false, error: { code: ErrorCode.forbidden, message: `Refused: ${sender.reason}.` } }
  }
  if (typeof route !== 'string') {
    return { ok: false, error: { code: ErrorCode.badInput, message: 'The route name must be a string.' } }
  }
  try {
    return await engine.call(route, input)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, error: { code: ErrorCode.internal, message: `The engine failed: ${message}` } }
  }
}

/** A window that can receive pushed events (a webContents, or a fake in tests). */
export interface EventTarget {
  isDestroyed(): boolean
  send(channel: string, envelope: PushEnvelope): void
}

/**
 * Sends one pushed event to every live window. A window that is closing is skipped, and one failing window
 * does not keep the event from the others.
 */
export function broadcast(targets: Iterable<EventTarget>, channel: string, envelope: PushEnvelope): number {
  let delivered = 0
  for (const target of targets) {
    if (target.isDestroyed()) continue
    try {
      target.send(channel, envelope)
      delivered++
    } catch {
      // The window was torn down between the check and the send; it will not need this event.
    }
  }
  return delivered
}
