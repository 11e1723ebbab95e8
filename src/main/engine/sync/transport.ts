/**
 * Fetch and push over smart HTTP (any git server the team runs). Credentials come from the caller (the secret store
 * or an environment variable) and are handed to isomorphic-git per request: never written into the URL or
 * `.git/config`. Errors are turned into sentences an analyst can act on.
 */
import git, { Errors } from 'isomorphic-git'
import http from 'isomorphic-git/http/node'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { mainRef, type GitStore } from './gitStore'

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

function auth(remote: Remote) {
  return {
    onAuth: () =>
      remote.username || remote.password
        ? { username: remote.username, password: remote.password }
        : undefined,
    // Retrying the same wrong password would loop: nothing new to offer, so the 401 is reported.
    onAuthFailure: () => undefined
  }
}

/** Fetches the remote's main branch into refs/remotes/origin/main; undefined when the remote has no commits yet. */
export async function fetchRemote(store: GitStore, remote: Remote): Promise<string | undefined> {
  try {
    // The fetch refspec must be in the config (isomorphic-git reads it there); the URL and credentials never are.
    await git.setConfig({
      ...store.args,
      path: 'remote.origin.fetch',
      value: '+refs/heads/*:refs/remotes/origin/*'
    })
    // singleBranch: false, or isomorphic-git re-downloads everything while local commits are unpushed.
    const result = await git.fetch({
      ...store.args,
      http,
      url: remote.url,
      ref: 'main',
      singleBranch: false,
      tags: false,
      ...auth(remote)
    })
    if (!result.fetchHead) return undefined
    await store.setRef(remoteRef, result.fetchHead)
    return result.fetchHead
  } catch (error) {
    throw describe(error, remote.url, 'fetch from')
  }
}

/** Pushes main; false when another replica pushed first (fetch, merge and push again). */
export async function pushRemote(store: GitStore, remote: Remote): Promise<boolean> {
  try {
    const result = await git.push({
      ...store.args,
      http,
      url: remote.url,
      ref: mainRef,
      remoteRef: mainRef,
      ...auth(remote)
    })
    if (!result.ok) return false
    return true
  } catch (error) {
    // Both are a concurrent push: isomorphic-git reports the lost race as GitPushError ("failed to update ref") too.
    if (error instanceof Errors.PushRejectedError || error instanceof Errors.GitPushError) {
      return false
    }
    throw describe(error, remote.url, 'push to')
  }
}

function describe(error: unknown, url: string, action: string): VigilError {
  if (error instanceof Errors.HttpError) {
    const status = (error.data as { statusCode?: number }).statusCode
    if (status === 401 || status === 403) {
      return new VigilError(
        ErrorCode.forbidden,
        `The sync server ${url} refused the credentials (HTTP ${status}): check the user name and password in the team's sync settings`,
        { cause: error }
      )
    }
    return new VigilError(
      ErrorCode.syncFailed,
      `Cannot ${action} ${url}: the server answered HTTP ${status}`,
      { cause: error }
    )
  }
  if (
    error instanceof Errors.SmartHttpError ||
    error instanceof Errors.ParseError ||
    error instanceof Errors.UnknownTransportError
  ) {
    return new VigilError(
      ErrorCode.syncFailed,
      `${url} is not a git server: ${notGitReason(error as Error)}`,
      {
        cause: error
      }
    )
  }
  if (error instanceof VigilError) return error
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
function notGitReason(error: Error): string {
  const received = /but received:\s*([\s\S]{0,40})/.exec(error.message)?.[1]?.trim() ?? ''
  if (received.startsWith('<')) {
    return "it answered with a web page, not git. Check the URL: it must be the repository's own URL, which usually ends in .git"
  }
  return `it did not answer in git's smart HTTP protocol (${error.message.slice(0, 200)})`
}
