/**
 * The team's connections to ticketing systems: their settings (in `connections.json`; tokens in the secret store),
 * one running connector each, their status for the connections screen, and posting internal notes back to the
 * system a ticket came from.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import { connectionFieldIssues, connectionIssuesText } from '../../../shared/connectionIssues'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { ConnectionConfig, tokenSecretKey, type ConnectionConfigInput } from '../connectors/connectionConfig'
import type { ConnectorDelivery } from '../connectors/connector'
import type { ConnectionTestResult, LiveConnector } from '../connectors/liveConnector'
import type { ConnectorOptions } from '../connectors/connectorOptions'
import type { SecretStore } from '../host'
import type { CursorStore } from '../storage/cursorStore'
import { writeJsonAtomic } from '../storage/jsonLines'
import { LiveSourceRunner, type LiveRunnerStatus } from './liveSourceRunner'

export type ConnectorFactory = (
  config: ConnectionConfigInput,
  secrets: SecretStore,
  options: ConnectorOptions
) => LiveConnector

export interface ConnectionView {
  config: ConnectionConfig
  hasToken: boolean
  status: LiveRunnerStatus & { stats: ReturnType<LiveConnector['stats']> | null }
}

const StoredConnections = z.array(z.unknown())

export class ConnectionRegistry {
  private configs: ConnectionConfig[] = []
  /** Stored items this version cannot use (an unknown system, a newer field): written back as they were. */
  private kept: Array<{ id: string | null; item: unknown }> = []
  /** Set when connections.json could not be read: saving would overwrite it, so changes are refused until fixed. */
  private unreadable: string | null = null
  private readonly runners = new Map<string, LiveSourceRunner>()

  constructor(
    private readonly deps: {
      file: string
      secrets: SecretStore
      cursors: CursorStore
      factory: ConnectorFactory
      options: () => ConnectorOptions
      handle: (connectorId: string, delivery: ConnectorDelivery) => Promise<void>
      onChange: () => void
      warn: (message: string) => void
    }
  ) {}

  /**
   * Reads the stored connections and starts them. One this version cannot use is reported and skipped, and kept
   * in the file. A file that cannot be read at all is reported, copied beside itself, and never overwritten:
   * saving and removing connections are refused until a person fixes or removes it.
   */
  async start(): Promise<void> {
    const read = await readStoredConnections(this.deps.file)
    if ('problem' in read) {
      this.unreadable = read.problem
      this.deps.warn(read.problem)
      return
    }
    for (const [index, item] of read.items.entries()) {
      const parsed = ConnectionConfig.safeParse(item)
      if (parsed.success) {
        this.configs.push(parsed.data)
        continue
      }
      this.kept.push({ id: storedId(item), item })
      this.deps.warn(
        `${this.deps.file}: connection ${index} is not usable here (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); skipped and kept in the file`
      )
    }
    for (const config of this.configs) this.run(config)
  }

  list(): Promise<ConnectionView[]> {
    return Promise.all(this.configs.map((config) => this.view(config)))
  }

  async test(input: ConnectionConfigInput, token?: string): Promise<ConnectionTestResult> {
    const config = this.validate(input)
    const secrets = token ? withToken(this.deps.secrets, config.id, token) : this.deps.secrets
    const connector = this.deps.factory(config, secrets, this.deps.options())
    try {
      return await connector.testConnection()
    } finally {
      connector.dispose()
    }
  }

  /** Adds or replaces a connection (and its token when given), then (re)starts it. */
  async save(input: ConnectionConfigInput, token?: string): Promise<ConnectionView> {
    const config = this.validate(input)
    this.refuseIfUnreadable()
    if (token) await this.deps.secrets.set(tokenSecretKey(config.id), token)
    await this.runners.get(config.id)?.stop()
    this.runners.delete(config.id)
    this.configs = [...this.configs.filter((item) => item.id !== config.id), config]
    this.kept = this.kept.filter((item) => item.id !== config.id)
    await this.persist()
    this.run(config)
    return this.view(config)
  }

  async remove(id: string): Promise<void> {
    this.refuseIfUnreadable()
    if (!this.configs.some((config) => config.id === id) && !this.kept.some((item) => item.id === id))
      throw new VigilError(ErrorCode.notFound, `No connection ${id}`)
    this.kept = this.kept.filter((item) => item.id !== id)
    await this.runners.get(id)?.stop()
    this.runners.delete(id)
    this.configs = this.configs.filter((config) => config.id !== id)
    await this.deps.secrets.delete(tokenSecretKey(id))
    await this.persist()
  }

  /** Posts a note visible to analysts only on the ticket, in the system it came from. */
  async postInternalNote(connectorId: string, ticketId: string, text: string): Promise<void> {
    const runner = this.runners.get(connectorId)
    if (!runner)
      throw new VigilError(ErrorCode.notFound, `Ticket ${ticketId} did not come from a connected system`)
    await runner.connector.postInternalNote(ticketId, text)
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()))
    this.runners.clear()
  }

  private run(config: ConnectionConfig): void {
    try {
      const connector = this.deps.factory(config, this.deps.secrets, this.deps.options())
      const runner = new LiveSourceRunner(connector, this.deps.cursors, this.deps.handle, this.deps.onChange)
      this.runners.set(config.id, runner)
      runner.start()
    } catch (error) {
      this.deps.warn(`Connection ${config.id} could not start: ${(error as Error).message}`)
    }
  }

  private validate(input: ConnectionConfigInput): ConnectionConfig {
    const parsed = ConnectionConfig.safeParse(input)
    if (!parsed.success) {
      const issues = connectionIssuesText(connectionFieldIssues(input))
      throw new VigilError(ErrorCode.badInput, `Not a valid connection: ${issues}.`)
    }
    return parsed.data
  }

  private async view(config: ConnectionConfig): Promise<ConnectionView> {
    const runner = this.runners.get(config.id)
    const stats = runner?.connector.stats() ?? null
    let status = runner?.current() ?? { state: 'stopped' as const, error: null, restarts: 0 }
    // The connector retries inside its stream, so a failing server shows in its last error, not in a stream failure:
    // until a poll succeeds after that error, the connection is retrying, not connected.
    const failing = stats?.lastError && (!stats.lastPollAt || stats.lastError.at >= stats.lastPollAt)
    if (status.state === 'connected' && failing)
      status = { ...status, state: 'retrying', error: stats.lastError!.message }
    if (status.state === 'connected' && stats && stats.polls === 0 && stats.delivered === 0) {
      status = { ...status, state: 'starting' }
    }
    return {
      config,
      hasToken: (await this.deps.secrets.get(tokenSecretKey(config.id))) !== null,
      status: { ...status, stats }
    }
  }

  private persist(): Promise<void> {
    return writeJsonAtomic(this.deps.file, [...this.configs, ...this.kept.map(({ item }) => item)])
  }

  private refuseIfUnreadable(): void {
    if (this.unreadable)
      throw new VigilError(
        ErrorCode.storageFailed,
        `${this.unreadable}. Connections cannot be changed until then.`
      )
  }
}

function storedId(item: unknown): string | null {
  const id = (item as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : null
}

/** The stored items, or why the file cannot be used (a copy of it is kept beside it for the person fixing it). */
async function readStoredConnections(file: string): Promise<{ items: unknown[] } | { problem: string }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [] }
    return { problem: `${file}: cannot be read (${(error as Error).message}); no connections started` }
  }
  const parsed = StoredConnections.safeParse(safeJson(text))
  if (parsed.success) return { items: parsed.data }
  const copy = await keepCopy(file, text)
  return {
    problem: `${file}: is not a JSON list of connections; no connections started. It is left as it is (a copy is at ${copy}); fix or remove it`
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

async function keepCopy(file: string, text: string): Promise<string> {
  const copy = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`
  await writeFile(copy, text, { flag: 'wx' }).catch(() => undefined)
  return copy
}

/** The secret store, with one connection's token replaced (a connection test before saving). */
function withToken(secrets: SecretStore, id: string, token: string): SecretStore {
  const key = tokenSecretKey(id)
  return { ...secrets, get: async (name) => (name === key ? token : secrets.get(name)) }
}
