/**
 * Who may talk to the engine, and where our windows may go. Every IPC message is checked against these rules
 * before it reaches the engine (a page that is not ours, loaded by mistake or by an attacker, gets nothing).
 */
import type { RendererTrust } from './rendererSource'

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * True when `url` is one of our renderer pages: the dev server's origin in development, or exactly one of the
 * built page files (query and hash ignored). `file://` URLs have an opaque origin, so the path itself is compared.
 */
export function isTrustedRendererUrl(url: string, trust: RendererTrust): boolean {
  const parsed = parse(url)
  if (!parsed) return false
  if (parsed.protocol === 'file:') {
    parsed.search = ''
    parsed.hash = ''
    return trust.pageFileUrls.includes(parsed.href)
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    return trust.devOrigin !== null && parsed.origin === trust.devOrigin
  }
  return false
}

/** What the router knows about the sender of one IPC message. */
export interface SenderFacts {
  /** The sending webContents is one of our own windows. */
  fromOurWindow: boolean
  /** The URL of the frame that sent it; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null
  /** The frame is the top frame of its page, not an iframe. */
  isMainFrame: boolean
}

export type SenderCheck = { trusted: true } | { trusted: false; reason: string }

export function checkSender(facts: SenderFacts, trust: RendererTrust): SenderCheck {
  if (!facts.fromOurWindow) return { trusted: false, reason: 'the sender is not a Vigil window' }
  if (facts.frameUrl === null) return { trusted: false, reason: 'the sending frame no longer exists' }
  if (!facts.isMainFrame) return { trusted: false, reason: 'the sender is an embedded frame' }
  if (!isTrustedRendererUrl(facts.frameUrl, trust)) {
    return { trusted: false, reason: `the sending page is not a Vigil page (${originOf(facts.frameUrl)})` }
  }
  return { trusted: true }
}

/** A navigation is allowed only when it stays on the same page (an in-page anchor): everything else is refused. */
export function isSamePageNavigation(currentUrl: string, targetUrl: string): boolean {
  const current = parse(currentUrl)
  const target = parse(targetUrl)
  if (!current || !target) return false
  current.hash = ''
  target.hash = ''
  return current.href === target.href
}

/** For messages: the origin (or protocol) only, never a full URL that could carry a token. */
function originOf(url: string): string {
  const parsed = parse(url)
  if (!parsed) return 'an invalid URL'
  return parsed.origin === 'null' ? `${parsed.protocol}//` : parsed.origin
}
