/**
 * What a request without this run's token gets. A page (an old link, kept from an earlier run of `vigil serve`, or one
 * typed without its key), whether a browser or curl asks, gets a short page saying so and what to open instead; an
 * API call gets the engine's error shape; anything else (scripts, styles, images) the same words in plain text.
 * Nothing in the answer depends on the token offered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ErrorCode } from '../../shared/errors'
import { sendError, sendStatus } from './responses'

export const outdatedLinkMessage =
  'This link is out of date: each run of `vigil serve` has its own key, and this one belongs to an earlier run ' +
  '(or was typed without it). Open the Workbench or Overlay link that `vigil serve` printed in its terminal.'

const outdatedLinkPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil: this link is out of date</title>
<style>
  :root { color-scheme: light dark; background: #ffffff; color: #1d2433; }
  @media (prefers-color-scheme: dark) { :root { background: #14171f; color: #e6e9ef; } }
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 12vh auto; padding: 0 1.5rem; }
  h1 { font-size: 1.3rem; }
  code { font-size: 0.95em; }
</style>
</head>
<body>
<main>
<h1>This Vigil link is out of date</h1>
<p>Each run of <code>vigil serve</code> has its own access key, and the one in this link belongs to an earlier run
(or the link was opened without it).</p>
<p>Open the <strong>Workbench</strong> or <strong>Overlay</strong> link that <code>vigil serve</code> printed in its
terminal when it started. If it is no longer running, start it again (for example <code>npx vigil serve --demo</code>)
and use the new link.</p>
</main>
</body>
</html>
`

export function refuseWithoutToken(request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (url.pathname.startsWith('/api/')) {
    return sendError(response, 401, ErrorCode.forbidden, outdatedLinkMessage.replaceAll('`', ''))
  }
  const reading = request.method === 'GET' || request.method === 'HEAD'
  const isPage =
    reading && (/text\/html/.test(request.headers.accept ?? '') || /^\/$|\.html$/.test(url.pathname))
  if (!reading) return sendStatus(response, 401)
  const body = Buffer.from(isPage ? outdatedLinkPage : `${outdatedLinkMessage.replaceAll('`', '')}\n`, 'utf8')
  response.writeHead(401, {
    'Content-Type': isPage ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'Content-Length': String(body.length)
  })
  response.end(request.method === 'HEAD' ? undefined : body)
}
