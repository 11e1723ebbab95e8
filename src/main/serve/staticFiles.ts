import { createReadStream, realpathSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, sep } from 'node:path'
import { sendStatus } from './responses'

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

export function mimeType(file: string): string {
  return mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a URL path to a file strictly inside `root` (already a real path), or null. Encoded dots and slashes,
 * NUL bytes and symbolic links pointing out of the folder all end in null.
 */
export function resolveStaticFile(root: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  // join() folds `..` away, so a path that climbs out of root no longer starts with it.
  const candidate = join(root, decoded === '/' ? 'index.html' : decoded)
  if (!candidate.startsWith(root + sep)) return null
  try {
    let real = realpathSync(candidate)
    if (statSync(real).isDirectory()) real = realpathSync(join(real, 'index.html'))
    return real.startsWith(root + sep) && statSync(real).isFile() ? real : null
  } catch {
    return null
  }
}

/** Serves GET and HEAD for files under `root`; everything else is 404 or 405. */
export function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendStatus(response, 405, { Allow: 'GET, HEAD' })
    return
  }
  const file = resolveStaticFile(root, pathname)
  if (!file) {
    sendStatus(response, 404)
    return
  }
  response.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Length': String(statSync(file).size) })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response)
}
