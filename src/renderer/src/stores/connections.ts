import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ConnectionView, RouteOutput } from '../../../shared/contract'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

/** What the form sends: a connection's settings (the engine validates them) and, when typed, a new token. */
export interface ConnectionSubmission {
  config: Record<string, unknown>
  /** Left out to keep the token already stored. */
  token?: string
}

export type ConnectionTestResult = RouteOutput<'connections.test'>

/** The workbench's view of the connections to ticketing systems; tokens never reach it, only `hasToken`. */
export const useConnectionsStore = defineStore('connections', () => {
  const client = useVigilClient()
  const items = ref<ConnectionView[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let loading: Promise<void> | null = null

  const sorted = computed(() => [...items.value].sort((a, b) => a.config.id.localeCompare(b.config.id)))
  const byId = (id: string) => items.value.find((item) => item.config.id === id) ?? null

  /** Lists the connections; calls made while one is on its way share it (the list refreshes often). */
  function load(): Promise<void> {
    loading ??= (async () => {
      try {
        items.value = await client.call('connections.list', {})
        error.value = null
      } catch (caught) {
        error.value = errorText(caught)
      } finally {
        loaded.value = true
        loading = null
      }
    })()
    return loading
  }

  const withToken = ({ config, token }: ConnectionSubmission) => (token ? { config, token } : { config })

  /** Tries the settings without saving them; a refusal of the settings themselves throws a BridgeError. */
  const test = (submission: ConnectionSubmission): Promise<ConnectionTestResult> =>
    client.call('connections.test', withToken(submission))

  /** Adds or replaces a connection; throws a BridgeError carrying the engine's reason when it refuses. */
  async function save(submission: ConnectionSubmission): Promise<ConnectionView> {
    const saved = await client.call('connections.save', withToken(submission))
    items.value = [...items.value.filter((item) => item.config.id !== saved.config.id), saved]
    return saved
  }

  async function remove(id: string): Promise<void> {
    await client.call('connections.remove', { id })
    items.value = items.value.filter((item) => item.config.id !== id)
  }

  return { items, loaded, error, sorted, byId, load, test, save, remove }
})
