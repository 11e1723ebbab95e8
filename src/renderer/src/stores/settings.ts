import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SettingsView } from '../../../shared/contract'
import type { SettingsPatch } from '../../../shared/settings'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

export const useSettingsStore = defineStore('settings', () => {
  const client = useVigilClient()
  const view = ref<SettingsView | null>(null)
  const loadError = ref<string | null>(null)
  const saveError = ref<string | null>(null)
  const saving = ref(false)

  async function load(): Promise<void> {
    try {
      view.value = await client.call('settings.get', {})
      loadError.value = null
    } catch (caught) {
      loadError.value = errorText(caught)
    }
  }

  /** Saves a patch; on refusal keeps the stored settings and sets `saveError` to the engine's words. */
  async function update(patch: SettingsPatch): Promise<boolean> {
    saving.value = true
    try {
      view.value = await client.call('settings.update', patch)
      saveError.value = null
      return true
    } catch (caught) {
      saveError.value = errorText(caught)
      return false
    } finally {
      saving.value = false
    }
  }

  return { view, loadError, saveError, saving, load, update }
})
