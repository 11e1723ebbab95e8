/**
 * `vigil sync`: one team-knowledge sync with a git server, or an air-gapped exchange through bundle files.
 */
import { existsSync } from 'node:fs'
import { rm, rmdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { count } from '../../../shared/plural'
import { KnowledgeStore } from '../../engine/knowledge/knowledgeStore'
import { checkBundleTarget } from '../../engine/sync/bundle'
import { bundleHeads, bundleTeam } from '../../engine/sync/bundleTeam'
import { readRemotes, remoteFor, saveRemote } from '../../engine/sync/syncConfig'
import { checkRemoteUrl } from '../../engine/sync/transport'
import { TeamSync, type SyncReport } from '../../engine/sync/teamSync'
import { ensureUsableDataDir } from '../../headless/dataDir'
import { createEnvSecretStore } from '../../headless/envSecrets'
import { createJsonLogger } from '../../headless/jsonLogger'
import type { CommandIo } from '../io'
import { dataFolderClock } from '../dataFolderClock'

export const syncUsage = `Usage: vigil sync --data-dir DIR [--team T] [--remote URL] [--json]
       vigil sync export [--team T] --data-dir DIR --out FILE.bundle [--since EARLIER.bundle]
       vigil sync import FILE.bundle --data-dir DIR
  Syncs a team's approved knowledge with teammates through a git server (fetch, merge, push), or writes / reads a
  git bundle file for teams with no network between desktops. Conflicts resolve the same way everywhere (higher
  version, then later update) and the losing version is kept in the entry's history and for review.
  --remote   the team's git URL over http(s), remembered in DIR/sync/remotes.json once a sync with it succeeded;
             without it, the remembered one (every team with one when --team is not given). Credentials: VIGIL_SECRET_SYNC_<TEAM>_USERNAME /
             _PASSWORD, or VIGIL_SYNC_USERNAME / VIGIL_SYNC_PASSWORD; never in the URL
  --team     the team to sync (with --remote) or whose knowledge to export; may be left out when DIR holds one team
  --since    export only what is new since EARLIER.bundle (one the other desktop took in); it imports the new
             file after that one
  --json     print one JSON object per team
`

export async function runSync(
  argv: string[],
  io: CommandIo,
  env: NodeJS.ProcessEnv = process.env
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        team: { type: 'string' },
        remote: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    })
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${(error as Error).message}\n${syncUsage}`)
  }
  const { values, positionals } = parsed
  if (!values['data-dir']) throw new VigilError(ErrorCode.badInput, `--data-dir is required\n${syncUsage}`)
  const [action, file, ...extra] = positionals
  const dataDir = resolve(values['data-dir'])
  const created = await ensureUsableDataDir(dataDir)
  if (action === 'export' && created.length > 0) {
    for (const folder of created.reverse()) await rmdir(folder)
    throw new VigilError(ErrorCode.notFound, `no data folder at ${dataDir}: nothing to export`)
  }
  if (extra.length > 0)
    throw new VigilError(ErrorCode.badInput, `unexpected arguments: ${extra.join(' ')}\n${syncUsage}`)
  if (action === 'import' && file && !existsSync(resolve(file))) {
    if (created.length > 0) await rm(created[0]!, { recursive: true, force: true })
    throw new VigilError(ErrorCode.notFound, `no bundle file at ${resolve(file)}; nothing was imported`)
  }
  const knowledge = await KnowledgeStore.open({
    dir: resolve(dataDir, 'knowledge'),
    logger: createJsonLogger({ sink: io.stderr, quiet: true })
  })
  // The folder's own clock: the demo's where the demo plays, so the app shows these times beside its own.
  const clock = await dataFolderClock(dataDir)
  let importFailed = false
  try {
    if (action === 'export') {
      if (!values.out) throw new VigilError(ErrorCode.badInput, `export needs --out\n${syncUsage}`)
      await checkBundleTarget(resolve(values.out))
      const team = values.team ?? onlyTeam(knowledge.teams(), dataDir)
      const since = values.since ? await bundleHeads(resolve(values.since)) : []
      const result = await new TeamSync(dataDir, team, knowledge, clock).exportBundle(
        resolve(values.out),
        since
      )
      const what = result.incremental
        ? `${count(result.entries, 'entry', 'entries')} new since ${values.since}`
        : count(result.entries, 'entry', 'entries')
      io.stdout.write(
        values.json
          ? `${JSON.stringify({ team, ...result })}\n`
          : `Wrote ${what} of team "${team}" to ${values.out} (${result.bytes} bytes)\n`
      )
      return 0
    }
    if (action === 'import') {
      if (!file) throw new VigilError(ErrorCode.badInput, `import needs a bundle file\n${syncUsage}`)
      importFailed = true
      const team = await bundleTeam(resolve(file))
      if (values.team && values.team !== team) {
        throw new VigilError(
          ErrorCode.badInput,
          `${file} holds the knowledge of team "${team}", not of team "${values.team}"; nothing was imported`
        )
      }
      const report = await new TeamSync(dataDir, team, knowledge, clock).importBundle(resolve(file))
      importFailed = false
      print(io, values.json, report, 'bundle')
      return 0
    }
    if (action !== undefined)
      throw new VigilError(ErrorCode.badInput, `unknown sync action "${action}"\n${syncUsage}`)
    // A remote given for a data folder of one team is that team's (as export); it is remembered only once a sync
    // with it succeeded, so a mistyped URL or wrong credentials leave remotes.json as it was.
    const given = values.remote
    if (given) checkRemoteUrl(given)
    const remotes = await readRemotes(dataDir)
    const remoteTeam = given ? (values.team ?? onlyTeam(knowledge.teams(), dataDir, 'sync')) : undefined
    if (given && remoteTeam) remotes[remoteTeam] = given
    const teams = values.team ? [values.team] : remoteTeam ? [remoteTeam] : Object.keys(remotes).sort()
    if (teams.length === 0)
      throw new VigilError(
        ErrorCode.badInput,
        `no team has a sync remote yet: give --team and --remote\n${syncUsage}`
      )
    const secrets = createEnvSecretStore(env)
    for (const team of teams) {
      const url = remotes[team]
      if (!url)
        throw new VigilError(ErrorCode.badInput, `team "${team}" has no sync remote: give --remote URL`)
      const fresh = team === remoteTeam
      let report: SyncReport
      try {
        report = await new TeamSync(dataDir, team, knowledge, clock).sync(
          await remoteFor(url, team, secrets, env)
        )
      } catch (error) {
        if (!fresh || !(error instanceof VigilError)) throw error
        throw new VigilError(
          error.code,
          `${error.message}\n${url} was not saved as the remote of team "${team}": it is remembered once a sync with it succeeds.`,
          { cause: error }
        )
      }
      if (fresh) await saveRemote(dataDir, team, url)
      print(io, values.json, report)
    }
    return 0
  } finally {
    await knowledge.close()
    // A failed import leaves nothing: not even the data folder when this run made it.
    if (importFailed && created.length > 0) await rm(created[0]!, { recursive: true, force: true })
  }
}

/** The team to export or sync when none is named: the data folder's only one. */
function onlyTeam(teams: string[], dataDir: string, verb: 'export' | 'sync' = 'export'): string {
  if (teams.length === 1) return teams[0]!
  if (teams.length === 0) {
    if (verb === 'sync')
      throw new VigilError(
        ErrorCode.badInput,
        `${dataDir} holds no team's knowledge yet: say which team's remote this is with --team`
      )
    throw new VigilError(ErrorCode.notFound, `nothing to export: ${dataDir} holds no team's knowledge`)
  }
  throw new VigilError(
    ErrorCode.badInput,
    `${dataDir} holds the knowledge of ${teams.length} teams (${teams.join(', ')}): say which to ${verb} with --team`
  )
}

/** What a sync or an import did, in words: new entries, updated ones, what was sent; `--json` prints the report. */
function print(io: CommandIo, json: boolean, report: SyncReport, from: 'remote' | 'bundle' = 'remote'): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(report)}\n`)
    return
  }
  io.stdout.write(`${describeReport(report, from)}\n`)
}

export function describeReport(report: SyncReport, from: 'remote' | 'bundle'): string {
  const titles =
    report.incoming.length > 0
      ? ` (${report.incoming
          .slice(0, 5)
          .map((item) => item.title)
          .join('; ')}${report.incoming.length > 5 ? '; ...' : ''})`
      : ''
  const updated = report.merged - report.added
  // Incoming versions that lost to this desktop's own (older, or the losing side of a conflict).
  const older = report.received - report.merged
  const parts: string[] = []
  if (report.added > 0) parts.push(`${count(report.added, 'new entry', 'new entries')} from the team`)
  if (updated > 0) parts.push(`${count(updated, 'entry', 'entries')} updated by the team`)
  if (parts.length > 0) parts[parts.length - 1] += titles
  if (older > 0) {
    const stays = older === 1 ? 'stays' : 'stay'
    parts.push(`${count(older, 'incoming version')} older than this desktop's, which ${stays}`)
  }
  if (parts.length === 0) parts.push('nothing new from the team')
  if (report.conflicts > 0) parts.push(`${count(report.conflicts, 'conflict')} kept for review`)
  if (from === 'remote')
    parts.push(
      report.sent > 0 ? `sent ${count(report.sent, 'entry', 'entries')} to the team` : 'nothing to send'
    )
  if (report.retries) parts.push(`retried ${count(report.retries, 'push', 'pushes')} another desktop beat`)
  return `Team "${report.team}": ${parts.join(', ')} (${report.ms} ms)`
}
