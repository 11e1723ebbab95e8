import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { RouteInput, RouteOutput } from '../../../shared/contract'
import type { SyncConflictView, SyncRemoteView } from '../../../shared/syncContract'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

export type RemoteSubmission = RouteInput<'sync.setRemote'>
export type BundleImport = RouteOutput<'sync.importBundle'>

/**
 * The sync screen's view of each team's remote and sync status, and the conflicts waiting in the review queue. The
 * password never reaches it: only whether one is stored. Calls that a person starts throw the engine's reason.
 */
export const useSyncStore = defineStore('sync', () => {
  const client = useVigilClient()
  const remotes = ref<SyncRemoteView[]>([])
  const conflicts = ref<SyncConflictView[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const conflictsError = ref<string | null>(null)

  const byTeam = (team: string) => remotes.value.find((item) => item.team === team) ?? null
  const conflictCount = computed(() => conflicts.value.length)

  async function load(): Promise<void> {
    try {
      remotes.value = await client.call('sync.remotes', {})
      error.value = null
    } catch (caught) {
      error.value = errorText(caught)
    } finally {
      loaded.value = true
    }
  }

  function replace(view: SyncRemoteView): SyncRemoteView {
    remotes.value = [...remotes.value.filter((item) => item.team !== view.team), view].sort((a, b) =>
      a.team.localeCompare(b.team)
    )
    return view
  }

  const setRemote = async (submission: RemoteSubmission) =>
    replace(await client.call('sync.setRemote', submission))

  /** One sync now; resolves once done, its outcome (an error in words too) in the team's status. */
  const syncNow = async (team: string) => replace(await client.call('sync.now', { team }))

  /** The team's bundle; with `since` (an earlier bundle's commits), only what is new since. */
  const exportBundle = (team: string, since?: string[]) =>
    client.call('sync.exportBundle', since ? { team, since } : { team })

  /** Takes in a bundle file's bytes; with `team`, a bundle of another team is refused. */
  async function importBundle(fileName: string, data: string, team?: string): Promise<BundleImport> {
    const result = await client.call('sync.importBundle', { fileName, data, ...(team ? { team } : {}) })
    await Promise.all([load(), loadConflicts()])
    return result
  }

  async function loadConflicts(): Promise<void> {
    try {
      conflicts.value = await client.call('sync.conflicts', {})
      conflictsError.value = null
    } catch (caught) {
      conflictsError.value = errorText(caught)
    }
  }

  /** Keeps the winner or restores the loser; resolves to the engine's refusal in words, or null when done. */
  async function decide(key: string, action: 'keep' | 'restore'): Promise<string | null> {
    try {
      await client.call('sync.decideConflict', { key, action })
      await loadConflicts()
      return null
    } catch (caught) {
      return errorText(caught)
    }
  }

  // Each sync's progress and outcome arrive with the engine's status; a team's count of conflicts that moved (a sync
  // or a bundle taken in, here or by another process) brings the list again, for the queue and its badge.
  const conflictCounts = new Map<string, number>()
  onScopeDispose(
    client.on('engine.status', (status) => {
      let moved = false
      for (const next of status.sync ?? []) {
        const known = byTeam(next.team)
        if (known) replace({ ...known, status: next })
        if (conflictCounts.has(next.team) && conflictCounts.get(next.team) !== next.conflicts) moved = true
        conflictCounts.set(next.team, next.conflicts)
      }
      if (moved) void loadConflicts()
    })
  )

  return {
    remotes,
    conflicts,
    conflictCount,
    loaded,
    error,
    conflictsError,
    byTeam,
    load,
    setRemote,
    syncNow,
    exportBundle,
    importBundle,
    loadConflicts,
    decide
  }
})
