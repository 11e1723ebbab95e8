/** Runs a connector's event stream in the background, recording every delivery, until stopped. */
import type { Connector, ConnectorDelivery } from '../../../src/main/engine/connectors/connector'
import type { SecretStore } from '../../../src/main/engine/host'

export class DeliveryRecorder {
  readonly deliveries: ConnectorDelivery[] = []
  error: unknown = null
  private readonly controller = new AbortController()
  private readonly loop: Promise<void>

  constructor(connector: Connector, cursor: string | null) {
    this.loop = (async () => {
      try {
        for await (const delivery of connector.events(cursor, this.controller.signal))
          this.deliveries.push(delivery)
      } catch (error) {
        this.error = error
      }
    })()
  }

  /** The cursor an engine would have stored after the last delivery. */
  get cursor(): string | null {
    return this.deliveries.at(-1)?.cursor ?? null
  }

  events(): ConnectorDelivery['event'][] {
    return this.deliveries.map((delivery) => delivery.event)
  }

  /** Resolves once `done` holds; rejects when the stream failed or `timeoutMs` passed. */
  async waitFor(
    what: string,
    done: (deliveries: ConnectorDelivery[]) => boolean,
    timeoutMs = 30_000
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!done(this.deliveries)) {
      if (this.error) throw this.error
      if (Date.now() > deadline) {
        const seen = this.deliveries.map((d) => d.event.type).join(', ')
        throw new Error(`timed out waiting for ${what}; delivered so far: ${seen || 'nothing'}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  async stop(): Promise<void> {
    this.controller.abort()
    await this.loop
  }
}

/** A SecretStore in memory. */
export function memorySecrets(
  initial: Record<string, string> = {}
): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial))
  return {
    values,
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key)
  }
}
