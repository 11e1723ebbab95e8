import type { IncomingMessage, ServerResponse } from 'node:http'
import { ErrorCode } from '../../shared/errors'
import { maxBundleBytes } from '../../shared/syncContract'
import type { Engine } from '../engine/types'
import { sendError, sendJson, sendStatus } from './responses'

/** Largest request body accepted by `POST /api/call`: a bundle file of the largest size, as base64, fits. */
export const maxBodyBytes = Math.ceil(maxBundleBytes / 3) * 4 + 64 * 1024

class BodyTooLarge extends Error {}

/**
 * `POST /api/call` with `{ "route": "domain.verb", "input": {...} }`: answers the engine's `Result` as JSON,
 * 200 even when the engine reports a business error, 4xx only when the request itself is malformed.
 */
export async function handleApiCall(
  engine: Engine,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  if (request.method !== 'POST') {
    sendStatus(response, 405, { Allow: 'POST' })
    return
  }
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (contentType !== 'application/json') {
    sendError(response, 415, ErrorCode.badInput, 'Send the call as Content-Type: application/json.')
    return
  }
  let text: string
  try {
    text = await readBody(request, maxBodyBytes)
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      sendError(response, 413, ErrorCode.badInput, `The request body is larger than ${maxBodyBytes} bytes.`)
      request.resume()
    } else response.destroy()
    return
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    sendError(
      response,
      400,
      ErrorCode.badInput,
      `The request body is not valid JSON: ${(error as Error).message}`
    )
    return
  }
  if (typeof body !== 'object' || body === null || typeof (body as { route?: unknown }).route !== 'string') {
    sendError(response, 400, ErrorCode.badInput, 'Expected a JSON object { "route": string, "input": ... }.')
    return
  }
  const { route, input } = body as { route: string; input?: unknown }
  try {
    sendJson(response, 200, await engine.call(route, input === undefined ? {} : input))
  } catch {
    // The engine promises never to throw; if it does anyway, say so without leaking its internals.
    sendError(response, 500, ErrorCode.internal, `The engine failed while running ${route}.`)
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        request.off('data', onData)
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    }
    request.on('data', onData)
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
