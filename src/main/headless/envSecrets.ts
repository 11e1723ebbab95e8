import type { SecretStore } from '../engine/host'

/** Prefix of the environment variables that hold secrets headless, e.g. `VIGIL_SECRET_OPENAI_API_KEY`. */
export const secretEnvPrefix = 'VIGIL_SECRET_'

/** `openai.apiKey` → `VIGIL_SECRET_OPENAI_APIKEY`: upper case, every other character an underscore. */
export function secretEnvName(key: string): string {
  return secretEnvPrefix + key.toUpperCase().replace(/[^A-Z0-9]/g, '_')
}

/**
 * Secrets for plain Node, where there is no OS keychain: read from `VIGIL_SECRET_<KEY>` environment variables.
 * `set` and `delete` only last for the life of the process; nothing is ever written to disk.
 */
export function createEnvSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  // null marks a secret deleted in this process, hiding the environment variable.
  const overrides = new Map<string, string | null>()
  return {
    async get(key) {
      if (overrides.has(key)) return overrides.get(key) ?? null
      const value = env[secretEnvName(key)]
      return value === undefined || value === '' ? null : value
    },
    async set(key, value) {
      overrides.set(key, value)
    },
    async delete(key) {
      overrides.set(key, null)
    }
  }
}
