/**
 * Maps a team name (any string a ticketing system uses) to a folder name that is safe on every desktop file system.
 * The real team name is stored inside the folder (`team.json`), so the mapping never has to be reversed.
 */
import { createHash } from 'node:crypto'

/** Names Windows refuses as file names, whatever the extension. */
const reservedOnWindows = /^(con|prn|aux|nul|com\d|lpt\d)$/

/** Lower-case letters, digits, `-` and `_`: the same on case-insensitive file systems and on Windows. */
const plainName = /^[a-z0-9][a-z0-9_-]{0,63}$/

/**
 * `cloud-support` stays `cloud-support`. Anything else (upper case, spaces, dots, slashes, non-ASCII) becomes a
 * readable slug plus a hash of the exact name, so `Cloud Support` and `cloud-support` never share a folder, even on
 * case-insensitive file systems.
 */
export function folderNameForTeam(team: string): string {
  if (plainName.test(team) && !reservedOnWindows.test(team)) return team
  const slug = team
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  const hash = createHash('sha256').update(team, 'utf8').digest('hex').slice(0, 10)
  return `${slug || 'team'}-${hash}`
}
