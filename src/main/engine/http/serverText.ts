/**
 * What a remote server said, made fit for a person's error message: whitespace collapsed, secrets removed, at most
 * 300 characters. Shared by the ticketing connectors and the remote model backend.
 */

export function looksLikeHtml(contentType: string, body: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(body)
}

/**
 * `pick` extracts the message from the parsed JSON body; a body that is not JSON counts as plain text unless it is
 * an HTML page. `redact` removes the caller's secrets.
 */
export function readableServerText(
  body: string,
  pick: (json: Record<string, unknown>) => string | undefined,
  redact: (text: string) => string
): string | undefined {
  let text: string | undefined
  try {
    text = pick(JSON.parse(body) as Record<string, unknown>)
  } catch {
    text = looksLikeHtml('', body) ? undefined : body
  }
  const clean = text?.replace(/\s+/g, ' ').trim()
  if (!clean) return undefined
  const safe = redact(clean)
  return safe.length > 300 ? `${safe.slice(0, 300)}…` : safe
}

/** Why `fetch` failed before any answer, in words, from its cause's code; undefined for codes not known here. */
export function networkReason(code: string): string | undefined {
  if (code === 'ECONNREFUSED') return 'connection refused, nothing is listening on that port'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name could not be resolved'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the server closed the connection'
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'the connection timed out'
  if (/CERT|SSL|TLS/i.test(code)) return `its TLS certificate was not accepted (${code})`
  return undefined
}
