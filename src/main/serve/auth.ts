/**
 * Who may talk to `vigil serve`: only a client that knows the per-run token, through a Host this server answers
 * to (against DNS rebinding) and, when the browser says where it comes from, from this server's own origin.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * `vigil_token_<port>`: browsers share cookies across the ports of one host, so a fixed name would let two
 * servers (or a stale cookie from the previous run) overwrite each other's token.
 */
export const tokenCookieName = (port: number): string => `vigil_token_${port}`

/** 32 random bytes, base64url: unguessable and safe in a URL. */
export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison; hashing first makes the lengths equal so the length does not leak either. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/** Where a request may carry the token, in order: `Authorization: Bearer`, `?token=`, the cookie. */
export function tokensOffered(request: IncomingMessage, url: URL, port: number): string[] {
  const offered: string[] = []
  const authorization = request.headers.authorization
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  if (bearer) offered.push(bearer)
  const query = url.searchParams.get('token')
  if (query) offered.push(query)
  const cookie = readCookie(request.headers.cookie, tokenCookieName(port))
  if (cookie) offered.push(cookie)
  return offered
}

export function isAuthorized(request: IncomingMessage, url: URL, token: string, port: number): boolean {
  return tokensOffered(request, url, port).some((candidate) => tokensMatch(candidate, token))
}

/** The cookie that lets a page's own asset requests through once the page URL carried the token. */
export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return undefined
}

/** The `host:port` values this server answers to. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const bracketed = bindHost.includes(':') ? `[${bindHost}]` : bindHost
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${bracketed}:${port}`])
}

/** False for a foreign Host header (DNS rebinding) or an Origin header from another site. */
export function isSameOrigin(request: IncomingMessage, hosts: Set<string>): boolean {
  const host = request.headers.host?.toLowerCase()
  if (!host || !hosts.has(host)) return false
  const origin = request.headers.origin
  if (origin === undefined) return true
  return [...hosts].some((allowed) => origin.toLowerCase() === `http://${allowed}`)
}
