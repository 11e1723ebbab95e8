/**
 * Fetch and push over smart HTTP (any git server the team runs; the protocol is in smartHttp.ts). Credentials come
 * from the caller (the secret store or an environment variable) and go into each request's Authorization header:
 * never into the URL or `.git/config`. Errors are turned into sentences an analyst can act on.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'
import { mainRef, type GitStore } from './gitStore'
import { buildPack } from './packFormat'
import { objectsToSend } from './pushObjects'
import { discover, receivePack, SmartHttpFailure, uploadPack, zeroId } from './smartHttp'

export interface Remote {
  url: string
  username?: string
  password?: string
}

export const remoteRef = 'refs/remotes/origin/main'

/** Credentials from the environment: VIGIL_SYNC_USERNAME and VIGIL_SYNC_PASSWORD (or VIGIL_SYNC_TOKEN). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): { username?: string; password?: string } {
  const password = env['VIGIL_SYNC_PASSWORD'] ?? env['VIGIL_SYNC_TOKEN']
  return { username: env['VIGIL_SYNC_USERNAME'] ?? (password ? 'vigil' : undefined), password }
}

export function checkRemoteUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new VigilError(ErrorCode.badInput, `The sync remote "${url}" is not a URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new VigilError(
      ErrorCode.badInput,
      `The sync remote must be an http(s) git URL, got ${parsed.protocol}`
    )
  }
  if (parsed.username || parsed.password) {
    throw new VigilError(
      ErrorCode.badInput,
      'The sync remote URL holds credentials (a user name or password before the @): remove them from the URL and give them apart, in the user name and password fields of the sync settings (or VIGIL_SYNC_USERNAME / VIGIL_SYNC_PASSWORD for the command line); they are kept in the secret store, never in the URL or .git/config'
    )
  }
}

/** What a fetch found: the remote's main commit (undefined: no commits yet) and its URL after any redirect. */
export interface Fetched {
  head: string | undefined
  url: string
}

/** Fetches the remote's main branch into refs/remotes/origin/main. */
export async function fetchRemote(store: GitStore, remote: Remote): Promise<Fetched> {
  try {
    const advertised = await discover(remote.url, 'git-upload-pack', remote)
    const head = advertised.refs.get(mainRef)
    if (!head) return { head: undefined, url: advertised.url }
    if (!store.hasObject(head)) {
      // Every commit this desktop has: the server leaves out all they reach.
      const haves = new Set<string>()
      for (const ref of [mainRef, remoteRef, 'refs/vigil/bundle']) {
        const oid = await store.resolve(ref)
        if (oid) haves.add(oid)
      }
      const pack = await uploadPack(remote, advertised, head, [...haves])
      try {
        await store.addPack(pack)
      } catch (error) {
        throw new SmartHttpFailure('protocol', `the pack it sent is unusable: ${(error as Error).message}`)
      }
      if (!store.hasObject(head)) throw new SmartHttpFailure('protocol', `the pack it sent lacks ${head}`)
    }
    await store.setRef(remoteRef, head)
    return { head, url: advertised.url }
  } catch (error) {
    throw describe(error, remote.url, 'fetch from')
  }
}

/** Git's answers to a push that lost the race to another one (fetch, merge and push again). */
const lostRace = /fetch first|non-fast-forward|stale info|failed to (update|lock)|cannot lock/i

/**
 * Pushes main; false when another replica pushed first (fetch, merge and push again). With `fetched` (what the fetch
 * just before found), the push skips asking the server for its refs again: the update names the commit the fetch
 * saw, and a server that moved on since refuses it as a lost race. That saves a request and a git process on the
 * server per sync.
 */
export async function pushRemote(store: GitStore, remote: Remote, fetched?: Fetched): Promise<boolean> {
  try {
    const head = await store.resolve(mainRef)
    if (!head) return true
    const advertised = fetched
      ? {
          url: fetched.url,
          refs: new Map(fetched.head ? [[mainRef, fetched.head]] : []),
          capabilities: new Set<string>()
        }
      : await discover(remote.url, 'git-receive-pack', remote)
    const old = advertised.refs.get(mainRef) ?? zeroId
    if (old === head) return true
    // The server moved on since the fetch: not a fast-forward from here.
    if (old !== zeroId && !(store.hasObject(old) && (await store.isAncestor(old, head)))) return false
    const objects = await objectsToSend(store, head, old === zeroId ? [] : [old])
    const { pack } = buildPack(objects.map((oid) => [oid, store.readObject(oid)] as const))
    const outcome = await receivePack(advertised, remote, mainRef, old, head, pack)
    if (outcome.ok) return true
    if (lostRace.test(outcome.reason)) return false
    throw new SmartHttpFailure('remote', `it refused the push (${outcome.reason})`)
  } catch (error) {
    throw describe(error, remote.url, 'push to')
  }
}

function describe(error: unknown, url: string, action: string): VigilError {
  if (error instanceof VigilError) return error
  if (error instanceof SmartHttpFailure) {
    if (error.kind === 'status' && (error.status === 401 || error.status === 403)) {
      return new VigilError(
        ErrorCode.forbidden,
        `The sync server ${url} refused the credentials (HTTP ${error.status}): check the user name and password in the team's sync settings`,
        { cause: error }
      )
    }
    if (error.kind === 'status') {
      return new VigilError(
        ErrorCode.syncFailed,
        `Cannot ${action} ${url}: the server answered HTTP ${error.status}`,
        {
          cause: error
        }
      )
    }
    if (error.kind === 'not-git') {
      return new VigilError(ErrorCode.syncFailed, `${url} is not a git server: ${notGitReason(error)}`, {
        cause: error
      })
    }
    const said = error.kind === 'remote' ? 'the server said: ' : ''
    return new VigilError(ErrorCode.syncFailed, `Cannot ${action} ${url}: ${said}${error.message}`, {
      cause: error
    })
  }
  return new VigilError(ErrorCode.syncFailed, `Cannot ${action} ${url}: ${networkReason(error as Error)}`, {
    cause: error
  })
}

/** A network failure in words (Node's codes, e.g. "connect ECONNREFUSED 127.0.0.1:9", mean nothing to most people). */
function networkReason(error: Error): string {
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number }
  const where = address ? ` at ${address}${port ? `:${port}` : ''}` : ''
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing answered${where} (the connection was refused: is the server running, and is the port right?)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the server name could not be found (${error.message})`
    case 'ETIMEDOUT':
      return `the server did not answer in time${where}`
    case 'ECONNRESET':
      return `the server closed the connection${where}`
    default:
      return error.message
  }
}

/** Why the answer was not git, in words: a web page (the commonest mistake: the project's page, not its .git URL). */
function notGitReason(error: SmartHttpFailure): string {
  if ((error.received ?? '').trimStart().startsWith('<')) {
    return "it answered with a web page, not git. Check the URL: it must be the repository's own URL, which usually ends in .git"
  }
  return `it did not answer in git's smart HTTP protocol (${error.message.slice(0, 200)})`
}
