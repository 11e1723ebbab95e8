/**
 * Builds the connector for a connection: the configuration is validated here (a bad one is a coded error naming the
 * field), the token is read from the secret store by the connector itself, on each request.
 */
import { connectionFieldIssues, connectionFieldLabels } from '../../../shared/connectionIssues'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { SecretStore } from '../host'
import { ConnectionConfig } from './connectionConfig'
import type { ConnectionConfigInput } from './connectionConfig'
import type { ConnectorOptions } from './connectorOptions'
import type { LiveConnector } from './liveConnector'
import { ChatwootConnector } from './chatwoot/chatwootConnector'
import { FreshdeskConnector } from './freshdesk/freshdeskConnector'
import { RequestTrackerConnector } from './requestTracker/requestTrackerConnector'
import { ZammadConnector } from './zammad/zammadConnector'
import { ZendeskConnector } from './zendesk/zendeskConnector'

export function createConnector(
  config: ConnectionConfigInput,
  secrets: SecretStore,
  options: ConnectorOptions
): LiveConnector {
  const parsed = ConnectionConfig.safeParse(config)
  if (!parsed.success) {
    // In the connections screen's words, naming each field as it does ("Base URL must be an http:// ..."), not zod's.
    const problems = Object.entries(connectionFieldIssues(config)).map(
      ([field, problem]) => `${connectionFieldLabels[field] ?? field} ${problem}`
    )
    throw new VigilError(
      ErrorCode.badInput,
      `Connection "${connectionName(config)}" cannot be used: ${problems.join('; ') || 'its settings are invalid'}. Fix it in Connections.`
    )
  }
  const valid = parsed.data
  switch (valid.system) {
    case 'request-tracker':
      return new RequestTrackerConnector(valid, secrets, options)
    case 'zendesk':
      return new ZendeskConnector(valid, secrets, options)
    case 'zammad':
      return new ZammadConnector(valid, secrets, options)
    case 'chatwoot':
      return new ChatwootConnector(valid, secrets, options)
    case 'freshdesk':
      return new FreshdeskConnector(valid, secrets, options)
  }
}

/** The stored connection's name or id, whatever else is wrong with it. */
function connectionName(config: ConnectionConfigInput): string {
  const { name, id } = config as { name?: unknown; id?: unknown }
  return typeof name === 'string' && name ? name : typeof id === 'string' && id ? id : 'unnamed'
}
