import { onMounted, onUnmounted } from 'vue'
import { useVigilClient } from './bridge'

/** Loads a page's data when it mounts and again after the event stream reconnects (events may have been missed). */
export function useLiveLoad(reload: () => Promise<unknown>): void {
  const client = useVigilClient()
  const stop = client.onReconnect(() => void reload())
  onMounted(() => void reload())
  onUnmounted(stop)
}
