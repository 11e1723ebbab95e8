/** The Request Tracker connection test: the API answers, the token is accepted, the watched tickets are visible. */
import type { RequestTrackerConfig } from '../connectionConfig'
import { ConnectorError } from '../http/connectorError'
import type { ConnectionTestResult } from '../liveConnector'
import { failedTest } from '../liveConnector'
import type { RequestTrackerApi } from './requestTrackerApi'

export async function testRequestTracker(
  api: RequestTrackerApi,
  config: RequestTrackerConfig,
  currentUserId: () => Promise<number | null>,
  signal?: AbortSignal
): Promise<ConnectionTestResult> {
  const at = `${config.baseUrl}`
  let version: string
  try {
    version = await api.version(signal)
  } catch (error) {
    if (error instanceof ConnectorError && error.problem === 'not-found') {
      return {
        ok: false,
        problem: 'bad-url',
        message: `No Request Tracker REST2 API at ${at}/REST/2.0. The base URL must be the address of RT's web interface, e.g. https://rt.example.com/rt.`
      }
    }
    return failedTest(error)
  }
  try {
    const userId = await currentUserId()
    const user = userId === null ? null : await api.user(userId, signal)
    const watching = await checkWatch(api, config, signal)
    return {
      ok: true,
      message: `Connected to Request Tracker ${version} at ${at}${user ? ` as ${user.Name}` : ''}; ${watching}. Reading comments needs the ShowTicketComments right; posting internal notes (comments) needs CommentOnTicket.`
    }
  } catch (error) {
    return failedTest(error)
  }
}

async function checkWatch(
  api: RequestTrackerApi,
  config: RequestTrackerConfig,
  signal?: AbortSignal
): Promise<string> {
  const watch = config.watch
  if (watch.kind === 'assigned-to-me') return 'watching tickets owned by this user'
  if (watch.kind === 'group') {
    try {
      await api.queue(watch.group, signal)
    } catch (error) {
      throw explain(error, `queue "${watch.group}"`, 'SeeQueue')
    }
    return `watching the queue "${watch.group}"`
  }
  for (const id of watch.ids.slice(0, 20)) {
    try {
      await api.ticket(Number(id), signal)
    } catch (error) {
      throw explain(error, `ticket ${id}`, 'ShowTicket')
    }
  }
  return `watching ${watch.ids.length} ticket${watch.ids.length === 1 ? '' : 's'}`
}

function explain(error: unknown, what: string, right: string): unknown {
  if (!(error instanceof ConnectorError)) return error
  if (error.problem === 'not-found') {
    return new ConnectorError(
      `Request Tracker has no ${what}. Check its name or number in the connection settings.`,
      {
        problem: 'not-found'
      }
    )
  }
  if (error.problem === 'forbidden') {
    return new ConnectorError(
      `The token's user may not see the ${what}: ask an RT administrator to grant the ${right} right.`,
      { problem: 'forbidden' }
    )
  }
  return error
}
