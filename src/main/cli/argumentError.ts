/**
 * A command line that Node's parseArgs refused ("Unknown option '--x'..."), said the way every `vigil` error is:
 * after "vigil <command>: ", starting in lower case, followed by the command's usage.
 */
import { ErrorCode, VigilError } from '../../shared/errors'

export function argumentError(error: unknown, usage: string): VigilError {
  const message = error instanceof Error ? error.message : String(error)
  return new VigilError(ErrorCode.badInput, `${message.charAt(0).toLowerCase()}${message.slice(1)}\n${usage}`)
}
