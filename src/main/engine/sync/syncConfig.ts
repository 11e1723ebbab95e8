/**
 * Where each team syncs to: `<dataDir>/sync/remotes.json` holds only URLs (never credentials); user names and
 * passwords live in the secret store under `sync.<team>.username` / `sync.<team>.password` (headless:
 * VIGIL_SECRET_SYNC_<TEAM>_PASSWORD), with VIGIL_SYNC_USERNAME / VIGIL_SYNC_PASSWORD as a fallback for scripts.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { SecretStore } from '../host'
import { checkRemoteUrl, credentialsFromEnv, type Remote } from './transport'

const RemotesFile = z.object({
  format: z.literal(1),
  teams: z.record(z.string(), z.object({ url: z.string() }))
})
type RemotesFile = z.infer<typeof RemotesFile>

export const syncSecretKeys = (team: string): { username: string; password: string } => ({
  username: `sync.${team}.username`,
  password: `sync.${team}.password`
})

export async function readRemotes(dataDir: string): Promise<Record<string, string>> {
  const file = join(dataDir, 'sync', 'remotes.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new VigilError(ErrorCode.storageFailed, `Cannot read ${file}: ${(error as Error).message}`)
  }
  let parsed: RemotesFile
  try {
    parsed = RemotesFile.parse(JSON.parse(text))
  } catch (error) {
    throw new VigilError(
      ErrorCode.settingsInvalid,
      `${file} is invalid: ${(error as Error).message.slice(0, 200)}`
    )
  }
  return Object.fromEntries(Object.entries(parsed.teams).map(([team, { url }]) => [team, url]))
}

/** Remembers (or, with url undefined, forgets) a team's remote URL. */
export async function saveRemote(dataDir: string, team: string, url: string | undefined): Promise<void> {
  if (url !== undefined) checkRemoteUrl(url)
  const remotes = await readRemotes(dataDir)
  if (url === undefined) delete remotes[team]
  else remotes[team] = url
  const file = join(dataDir, 'sync', 'remotes.json')
  await mkdir(join(dataDir, 'sync'), { recursive: true })
  const teams = Object.fromEntries(Object.entries(remotes).map(([name, value]) => [name, { url: value }]))
  await writeFile(`${file}.tmp`, `${JSON.stringify({ format: 1, teams }, null, 2)}\n`)
  await rename(`${file}.tmp`, file)
}

export async function remoteFor(
  url: string,
  team: string,
  secrets: SecretStore | undefined,
  env: NodeJS.ProcessEnv
): Promise<Remote> {
  const keys = syncSecretKeys(team)
  const fromEnv = credentialsFromEnv(env)
  const username = (await secrets?.get(keys.username)) ?? fromEnv.username
  const password = (await secrets?.get(keys.password)) ?? fromEnv.password
  return { url, username: username ?? (password ? 'vigil' : undefined), password }
}
