import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { SettingsView } from '../../../shared/contract'
import { settingsFieldIssues, type Settings, type SettingsPatch } from '../../../shared/settings'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'
import { settingsPatch } from './settingsPatch'

export const useSettingsStore = defineStore('settings', () => {
  const client = useVigilClient()
  const view = ref<SettingsView | null>(null)
  const loadError = ref<string | null>(null)
  const saveError = ref<string | null>(null)
  const saving = ref(false)
  /** What the settings screen edits: a copy of the stored settings, replaced whenever the engine answers new ones. */
  const draft = ref<Settings | null>(null)
  const keyError = ref<string | null>(null)

  watch(
    () => view.value?.settings,
    (settings) => (draft.value = settings ? (JSON.parse(JSON.stringify(settings)) as Settings) : null),
    { immediate: true }
  )
  const patch = computed(() =>
    view.value && draft.value ? settingsPatch(view.value.settings, draft.value) : {}
  )
  const dirty = computed(() => Object.keys(patch.value).length > 0)
  /**
   * Whether Save does something: changes to store, or a settings file the engine could not use as it is (damaged,
   * a value replaced by its default, a name it does not know): saving writes the settings shown and sets it right.
   */
  const savable = computed(() => dirty.value || (view.value?.warnings.length ?? 0) > 0)
  /**
   * What is wrong with each field of the draft ("pipeline.answerThreshold" -> "must be 1 or less"), checked with the
   * engine's own schema as the analyst types; the engine still judges what is saved.
   */
  const fieldErrors = computed<Record<string, string>>(() =>
    draft.value ? settingsFieldIssues(draft.value) : {}
  )
  /** Fields the analyst typed in, changed or left ("llm.remoteUrl", "escalation.rules.0.patterns"). */
  const touched = ref(new Set<string>())
  /** A save was tried: every problem shows. */
  const submitted = ref(false)
  /**
   * The problems shown at their fields. An empty field the analyst has not reached yet is not marked (the server's
   * address, required once the model is a server, is said when the field is left or a save is tried); every other
   * problem shows as it arises, at both fields when two clash.
   */
  const shownErrors = computed<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(fieldErrors.value).filter(
        ([path]) =>
          submitted.value ||
          !isBlank(valueAt(draft.value, path)) ||
          [...touched.value].some((field) => path === field || path.startsWith(`${field}.`))
      )
    )
  )

  function touch(field: string): void {
    if (!touched.value.has(field)) touched.value = new Set([...touched.value, field])
  }

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

  /** Saves what changed in the draft; nothing is sent while a field is invalid. */
  async function save(): Promise<boolean> {
    submitted.value = true
    const invalid = Object.keys(fieldErrors.value).length
    if (invalid > 0) {
      saveError.value = `Nothing was saved: ${invalid === 1 ? 'one field needs' : `${invalid} fields need`} a fix.`
      return false
    }
    return update(patch.value)
  }

  /**
   * Stores the remote server's API key in the engine's secret store; an empty key removes it. The key is never
   * kept here: only whether one is stored comes back.
   */
  async function setRemoteApiKey(apiKey: string): Promise<boolean> {
    try {
      const { stored } = await client.call('secrets.setRemoteApiKey', { apiKey })
      if (view.value) view.value = { ...view.value, hasRemoteApiKey: stored }
      keyError.value = null
      return true
    } catch (caught) {
      keyError.value = errorText(caught)
      return false
    }
  }

  return {
    view,
    loadError,
    saveError,
    saving,
    draft,
    patch,
    dirty,
    savable,
    keyError,
    fieldErrors,
    shownErrors,
    touch,
    load,
    update,
    save,
    setRemoteApiKey
  }
})

/** The draft's value at a field path ("llm.remoteUrl", "escalation.rules.0.name"). */
function valueAt(root: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      root
    )
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
