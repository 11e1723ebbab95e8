import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { EngineStatus, RouteInput } from '../../../shared/contract'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

export type DemoAction = RouteInput<'demo.control'>['action']

export const useEngineStore = defineStore('engine', () => {
  const client = useVigilClient()
  const status = ref<EngineStatus | null>(null)
  const error = ref<string | null>(null)
  const demoError = ref<string | null>(null)
  const demoBusy = ref(false)

  const warnings = computed(() => status.value?.warnings ?? [])

  async function load(): Promise<void> {
    try {
      status.value = await client.call('engine.status', {})
      error.value = null
    } catch (caught) {
      error.value = errorText(caught)
    }
  }

  async function controlDemo(action: DemoAction, speed?: number): Promise<void> {
    demoBusy.value = true
    try {
      const source = await client.call('demo.control', speed ? { action, speed } : { action })
      if (status.value) status.value = { ...status.value, source }
      demoError.value = null
    } catch (caught) {
      demoError.value = errorText(caught)
    } finally {
      demoBusy.value = false
    }
  }

  onScopeDispose(client.on('engine.status', (next) => (status.value = next)))

  // A page that no longer hears the engine (`vigil serve` stopped) must not keep saying "Demo running": the header
  // says the connection is lost until the stream is back, then reads the status afresh.
  const connected = ref(true)
  onScopeDispose(
    client.onConnection((state) => {
      connected.value = state === 'connected'
      if (connected.value) void load()
      else error.value = 'No connection to the Vigil engine'
    })
  )

  return { status, error, connected, demoError, demoBusy, warnings, load, controlDemo }
})
