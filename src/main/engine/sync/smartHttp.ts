/**
 * Git's smart HTTP protocol (version 0/1, as every git server speaks it), the client side: ref discovery, the
 * upload-pack request of a fetch and the receive-pack request of a push, with side-band-64k. isomorphic-git's own
 * fetch and push read every object of every tree through its object layer and inflate, hash and index in JavaScript:
 * at 20k entries that was most of a first clone and over a second per push. Errors come back as `SmartHttpFailure`
 * (what went wrong, in data); transport.ts words them.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'

export type Service = 'git-upload-pack' | 'git-receive-pack'
export const zeroId = '0'.repeat(40)
const redirects = [301, 302, 303, 307, 308]

export class SmartHttpFailure extends Error {
  constructor(
    readonly kind: 'status' | 'not-git' | 'protocol' | 'remote',
    message: string,
    readonly status?: number,
    /** The first bytes of an answer that was not git (to tell a web page). */
    readonly received?: string
  ) {
    super(message)
  }
}

export interface Credentials {
  username?: string
  password?: string
}

export interface Advertisement {
  /** The repository's URL after any redirect of the discovery (where the pack request goes, as git does it). */
  url: string
  refs: Map<string, string>
  capabilities: Set<string>
}

interface Answer {
  status: number
  contentType: string
  location?: string
  body: Buffer
}

function send(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: Buffer
): Promise<Answer> {
  const target = new URL(url)
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    // A connection per request: a push builds its pack between discovery and upload (seconds for a first push of
    // 20k entries), longer than servers keep an idle connection open, and a reused closed one fails the upload.
    const req = request(target, { method, headers, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          ...(res.headers.location ? { location: res.headers.location } : {}),
          body: Buffer.concat(chunks)
        })
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

function headers(credentials: Credentials, extra: Record<string, string> = {}): Record<string, string> {
  const all: Record<string, string> = { 'user-agent': 'git/vigil', ...extra }
  if (credentials.username || credentials.password) {
    const pair = `${credentials.username ?? ''}:${credentials.password ?? ''}`
    all['authorization'] = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`
  }
  return all
}

function checkStatus(answer: Answer): void {
  if (answer.status !== 200) throw new SmartHttpFailure('status', `HTTP ${answer.status}`, answer.status)
}

export function pktLine(text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0'), 'latin1'), body])
}
export const flushPkt = Buffer.from('0000', 'latin1')

/** Splits pkt-lines; a flush is an empty buffer. Stops at the end of `bytes`. */
export function* pktLines(bytes: Buffer): Generator<Buffer> {
  let position = 0
  while (position + 4 <= bytes.length) {
    const length = Number.parseInt(bytes.toString('latin1', position, position + 4), 16)
    if (Number.isNaN(length)) throw new SmartHttpFailure('protocol', 'an answer that is not pkt-lines')
    if (length === 0 || length === 1 || length === 2) {
      position += 4
      yield Buffer.alloc(0)
      continue
    }
    if (length < 4 || position + length > bytes.length)
      throw new SmartHttpFailure('protocol', 'a pkt-line cut short')
    yield bytes.subarray(position + 4, position + length)
    position += length
  }
}

/** GET info/refs: the refs and capabilities of the repository at `url`. */
export async function discover(
  url: string,
  service: Service,
  credentials: Credentials
): Promise<Advertisement> {
  const suffix = `/info/refs?service=${service}`
  let base = url.replace(/\/$/, '')
  let answer = await send(`${base}${suffix}`, 'GET', headers(credentials))
  // Redirects (a server that moved, or adds .git), as git follows them; credentials only to the same host.
  for (let hop = 0; hop < 5 && redirects.includes(answer.status) && answer.location; hop++) {
    const next = new URL(answer.location, `${base}${suffix}`)
    if (!next.href.endsWith(suffix)) break
    const sameHost = next.host === new URL(base).host
    base = next.href.slice(0, -suffix.length)
    answer = await send(`${base}${suffix}`, 'GET', headers(sameHost ? credentials : {}))
  }
  checkStatus(answer)
  if (answer.contentType !== `application/x-${service}-advertisement`) {
    throw new SmartHttpFailure(
      'not-git',
      `it answered ${answer.contentType || 'without a content type'}, not application/x-${service}-advertisement`,
      200,
      answer.body.toString('utf8', 0, 200)
    )
  }
  const refs = new Map<string, string>()
  const capabilities = new Set<string>()
  let first = true
  let serviceLine = false
  for (const line of pktLines(answer.body)) {
    if (line.length === 0) continue
    const text = line.toString('utf8').replace(/\n$/, '')
    if (!serviceLine && text.startsWith('# service=')) {
      serviceLine = true
      continue
    }
    const [refPart, caps] = text.split('\0')
    if (first && caps !== undefined) for (const cap of caps.split(' ')) if (cap) capabilities.add(cap)
    first = false
    const [oid, name] = (refPart ?? '').split(' ')
    if (oid && name && oid !== zeroId) refs.set(name, oid)
  }
  return { url: base, refs, capabilities }
}

/**
 * Splits a side-band-64k answer: band 1 is the payload, band 2 progress, band 3 a fatal message from the server.
 * Lines before the side band (a fetch's ACK/NAK) are skipped.
 */
function sideBand(body: Buffer): Buffer {
  const payload: Buffer[] = []
  for (const line of pktLines(body)) {
    if (line.length === 0) continue
    const band = line[0]
    if (band === 1) payload.push(line.subarray(1))
    else if (band === 3) throw new SmartHttpFailure('remote', line.toString('utf8', 1).trim())
    else if (band !== 2) {
      const text = line.toString('utf8')
      if (text.startsWith('ERR ')) throw new SmartHttpFailure('remote', text.slice(4).trim())
      // ACK / NAK of the negotiation.
    }
  }
  return Buffer.concat(payload)
}

/**
 * POST git-upload-pack: a pack of `want` and everything it needs that `haves` (commits this side has) do not reach.
 */
export async function uploadPack(
  credentials: Credentials,
  advertised: Advertisement,
  want: string,
  haves: string[]
): Promise<Buffer> {
  const caps = ['side-band-64k', 'ofs-delta', 'no-progress'].filter((cap) => advertised.capabilities.has(cap))
  if (!caps.includes('side-band-64k'))
    throw new SmartHttpFailure('protocol', 'the server does not offer side-band-64k')
  const body = Buffer.concat([
    pktLine(`want ${want} ${caps.join(' ')}\n`),
    flushPkt,
    ...haves.map((oid) => pktLine(`have ${oid}\n`)),
    pktLine('done\n')
  ])
  const answer = await send(
    `${advertised.url}/git-upload-pack`,
    'POST',
    headers(credentials, {
      'content-type': 'application/x-git-upload-pack-request',
      accept: 'application/x-git-upload-pack-result'
    }),
    body
  )
  checkStatus(answer)
  return sideBand(answer.body)
}

export type PushOutcome = { ok: true } | { ok: false; reason: string }

/** POST git-receive-pack: moves `ref` from `oldOid` to `newOid`, sending `pack`. */
export async function receivePack(
  advertised: Advertisement,
  credentials: Credentials,
  ref: string,
  oldOid: string,
  newOid: string,
  pack: Buffer
): Promise<PushOutcome> {
  const body = Buffer.concat([
    pktLine(`${oldOid} ${newOid} ${ref}\0report-status side-band-64k agent=git/vigil\n`),
    flushPkt,
    pack
  ])
  const answer = await send(
    `${advertised.url}/git-receive-pack`,
    'POST',
    headers(credentials, {
      'content-type': 'application/x-git-receive-pack-request',
      accept: 'application/x-git-receive-pack-result'
    }),
    body
  )
  checkStatus(answer)
  let unpacked = false
  for (const line of pktLines(sideBand(answer.body))) {
    const text = line.toString('utf8').replace(/\n$/, '')
    if (text.startsWith('unpack ')) {
      if (text !== 'unpack ok')
        throw new SmartHttpFailure('remote', `the server could not store the pack (${text})`)
      unpacked = true
    } else if (text.startsWith(`ok ${ref}`)) {
      return { ok: true }
    } else if (text.startsWith(`ng ${ref}`)) {
      return { ok: false, reason: text.slice(`ng ${ref}`.length).trim() }
    }
  }
  throw new SmartHttpFailure('protocol', unpacked ? `no status for ${ref}` : 'no report of the push')
}
