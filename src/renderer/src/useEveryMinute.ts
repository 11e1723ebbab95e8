import { onMounted, onUnmounted } from 'vue'

/** Once a minute. */
export const minuteMs = 60_000

/**
 * Calls `tick` once a minute while the component is mounted, for what moves with the clock rather than with the
 * engine's events ("waiting 12 min"); the timer stops when the component goes.
 */
export function useEveryMinute(tick: () => void): void {
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(tick, minuteMs)
  })
  onUnmounted(() => clearInterval(timer))
}
