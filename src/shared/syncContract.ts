/**
 * The contract's team knowledge sync routes (spread into `routes` in contract.ts): each team's remote (URL; the
 * credentials go to the secret store and never come back), "sync now", bundle files as base64 bytes (the browser
 * downloads and uploads them, the desktop shell reads and writes the file the analyst chose), and the conflicts
 * waiting for a person in the review queue.
 */
import { z } from 'zod'
import { KnowledgeEntry } from './domain'

const Team = z.string().min(1).max(200)

/** One team's sync, as the status line and the sync screen show it. */
export const SyncTeamStatus = z.object({
  team: z.string(),
  state: z.enum(['idle', 'syncing', 'error']),
  /** The last successful sync with the team's git server (a bundle is apart: `lastBundleAt`). */
  lastSyncAt: z.string().nullable(),
  /**
   * The git server sync's last failure in words (e.g. the server refused the credentials); null after a success and
   * once the team's remote is removed. A bundle taken in leaves it as it is: that is another way in.
   */
  lastError: z.string().nullable(),
  /** When `lastError` happened. Absent from engines that predate it. */
  lastFailedAt: z.string().nullable().optional(),
  /** The last bundle file taken in. Absent from engines that predate it. */
  lastBundleAt: z.string().nullable().optional(),
  /** "12 entries from the team in the last 24 hours". */
  summary: z.string(),
  /** Entries received in the last 24 hours, newest first (at most 20), with who learned them. */
  incoming: z.array(
    z.object({ id: z.string(), title: z.string(), by: z.string().optional(), at: z.string() })
  ),
  /** Conflicts kept for review (the losing versions). */
  conflicts: z.number().int().nonnegative(),
  /**
   * Entries that came in and are readable but not yet found by search: a large arrival (a first clone) is indexed in
   * the background. Absent or 0 when none; absent from engines that predate it.
   */
  indexing: z.number().int().nonnegative().optional()
})
export type SyncTeamStatus = z.infer<typeof SyncTeamStatus>

export const SyncRemoteView = z.object({
  team: z.string(),
  /** The git server's http(s) URL; null when the team has none. */
  url: z.string().nullable(),
  /** The stored user name (not secret); null when none. */
  username: z.string().nullable(),
  /** Whether a password or token is in the secret store (it never leaves the engine). */
  hasPassword: z.boolean(),
  status: SyncTeamStatus
})
export type SyncRemoteView = z.infer<typeof SyncRemoteView>

/** Largest bundle file the workbench moves through the contract. */
export const maxBundleBytes = 48 * 1024 * 1024
const Base64 = z
  .string()
  .max(Math.ceil(maxBundleBytes / 3) * 4, `a bundle file is at most ${maxBundleBytes / 1024 / 1024} MiB`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')

export const SyncConflictView = z.object({
  team: z.string(),
  entryId: z.string(),
  /** Names the conflict when a person decides. */
  key: z.string(),
  /** The version that lost (counters are never synced). */
  loser: KnowledgeEntry.omit({ counters: true }),
  /** The version that won, as this desktop has it now. */
  current: KnowledgeEntry.nullable()
})
export type SyncConflictView = z.infer<typeof SyncConflictView>

export const BundleImportResult = z.object({
  team: z.string(),
  received: z.number().int().nonnegative(),
  merged: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  incoming: z.array(z.object({ id: z.string(), title: z.string(), by: z.string().optional() }))
})
export type BundleImportResult = z.infer<typeof BundleImportResult>

export const syncRoutes = {
  /** Every known team (the current one, those with knowledge, those with a remote) with its remote and status. */
  'sync.remotes': { input: z.object({}).strict(), output: z.array(SyncRemoteView) },
  'sync.setRemote': {
    input: z.object({
      team: Team,
      /** Empty: the team stops syncing and its stored credentials are removed. */
      url: z.string().max(2_000),
      /** Given: replaces the stored one; empty: removes it. Left out: unchanged. */
      username: z.string().max(200).optional(),
      password: z.string().max(4_000).optional()
    }),
    output: SyncRemoteView
  },
  /** One sync now; resolves when done, its outcome (a failure in words) in the status. */
  'sync.now': { input: z.object({ team: Team }), output: SyncRemoteView },
  'sync.exportBundle': {
    input: z.object({
      team: Team,
      /** The commits of a bundle the other desktop took in (read from its header): only what is new since. */
      since: z
        .array(z.string().regex(/^[0-9a-f]{40}$/, 'a commit id'))
        .max(16)
        .optional()
    }),
    output: z.object({
      fileName: z.string(),
      data: z.string(),
      bytes: z.number().int(),
      entries: z.number().int(),
      incremental: z.boolean()
    })
  },
  'sync.importBundle': {
    input: z.object({
      fileName: z.string().min(1).max(300),
      data: Base64,
      /** Given: a bundle of another team is refused (nothing imported). */
      team: Team.optional()
    }),
    output: BundleImportResult
  },
  'sync.conflicts': { input: z.object({ team: Team.optional() }), output: z.array(SyncConflictView) },
  'sync.decideConflict': {
    input: z.object({
      team: Team.optional(),
      key: z.string().min(1).max(500),
      action: z.enum(['keep', 'restore'])
    }),
    /** The entry as it now stands. */
    output: KnowledgeEntry
  }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
