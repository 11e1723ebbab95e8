/**
 * The contract's settings routes (spread into `routes` in contract.ts): the settings with their load warnings, a
 * partial update, and storing the remote model server's API key (which never comes back).
 */
import { z } from 'zod'
import { Settings, SettingsPatch } from './settings'

const Empty = z.object({}).strict()

export const SettingsView = z.object({
  settings: Settings,
  warnings: z.array(z.string()),
  /** Whether the remote server's API key is in the secret store (the key itself never leaves the engine). */
  hasRemoteApiKey: z.boolean().optional()
})
export type SettingsView = z.infer<typeof SettingsView>

export const settingsRoutes = {
  'settings.get': { input: Empty, output: SettingsView },
  'settings.update': { input: SettingsPatch, output: SettingsView },
  'secrets.setRemoteApiKey': {
    input: z.object({ apiKey: z.string().max(4_000) }),
    output: z.object({ stored: z.boolean() })
  }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
