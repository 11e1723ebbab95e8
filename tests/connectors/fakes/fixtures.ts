/** Recorded vendor payloads (tests/connectors/fixtures/*.json), loaded fresh per test. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A customer's pasted VPN log: far past the message size cap. */
export const hugeLog = (
  'The VPN client log follows. ' +
  '2026-03-02 09:41:07 [IKEv2] Retransmitting packet, peer not responding (error 809). '.repeat(400)
).trim()

export function loadFixture<T>(name: string): T {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', `${name}.json`), 'utf8')
  return JSON.parse(text.replaceAll('<<HUGE_LOG>>', hugeLog)) as T
}

/** A cursor-style page of `items` after `after` (an index encoded as the vendor's opaque cursor). */
export function pageOf<T>(
  items: readonly T[],
  after: string | null,
  size: number
): { page: T[]; next: string | null } {
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0
  const page = items.slice(start, start + size)
  const end = start + page.length
  return { page, next: end < items.length ? Buffer.from(String(end)).toString('base64url') : null }
}
