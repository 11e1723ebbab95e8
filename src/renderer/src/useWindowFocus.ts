import { onUnmounted } from 'vue'
import { useVigilClient } from './bridge'

/**
 * Keyboard focus for a text field in a window that never takes focus on its own (the overlay). `claim` when the
 * analyst starts using the field, `release` when they leave it; a field that goes away gives the focus back too.
 * With `enabled` false (the workbench, a browser) both do nothing.
 */
export function useWindowFocus(enabled: () => boolean): { claim: () => void; release: () => void } {
  const { shell } = useVigilClient()
  let claimed = false
  const claim = (): void => {
    if (!enabled() || !shell.canRequestFocus) return
    claimed = true
    shell.requestFocus()
  }
  const release = (): void => {
    if (!claimed) return
    claimed = false
    shell.releaseFocus()
  }
  onUnmounted(release)
  return { claim, release }
}
