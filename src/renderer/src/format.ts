/** Small display helpers shared by the overlay and the workbench. */
import { BridgeError } from './bridge'

export const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`

export { count } from '../../shared/plural'
export { entriesText } from '../../shared/entryCounts'

/** Local time, with the date only when it is not today. */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso)
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  return date.toDateString() === now.toDateString() ? time : `${date.toLocaleDateString()} ${time}`
}

/** A message a person can act on, for any error a store or component caught. */
export function errorText(error: unknown): string {
  if (error instanceof BridgeError) return error.message
  return error instanceof Error ? `Something went wrong: ${error.message}` : 'Something went wrong'
}
