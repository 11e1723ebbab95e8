/**
 * `vigil knowledge list`: prints a data folder's knowledge entries, one JSON object per line with --json, reading
 * the team folders directly (read-only, no engine, no search index), so any tool can check a store.
 */
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { loadTeamFolder } from '../../engine/knowledge/teamLoader'
import { existingDataDir } from '../../headless/dataDir'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'

export const knowledgeUsage = `Usage: vigil knowledge list --data-dir DIR [--team TEAM] [--json]
  Lists the knowledge entries stored in DIR/knowledge without starting the engine.
  --data-dir   the engine's data folder (the one "vigil replay --data-dir" or the app writes)
  --team       only this team's entries
  --json       one JSON object per entry: id, team, title, version, status, author, sourceTicketIds
  Exit status 1 when a team folder is damaged (its readable entries are still listed, the problem goes to stderr).
`

function parseKnowledgeArgs(argv: string[]): { dataDir: string; team: string | null; json: boolean } {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        team: { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    })
  } catch (error) {
    throw argumentError(error, knowledgeUsage)
  }
  const { values, positionals } = parsed
  if (positionals[0] !== 'list' || positionals.length > 1)
    throw new VigilError(ErrorCode.badInput, `only "vigil knowledge list" exists\n${knowledgeUsage}`)
  if (!values['data-dir'])
    throw new VigilError(ErrorCode.badInput, `--data-dir is required\n${knowledgeUsage}`)
  return { dataDir: resolve(values['data-dir']), team: values.team ?? null, json: values.json }
}

async function teamFolders(root: string): Promise<string[]> {
  try {
    const items = await readdir(root, { withFileTypes: true })
    return items
      .filter((item) => item.isDirectory())
      .map((item) => item.name)
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new VigilError(
        ErrorCode.notFound,
        `${root} does not exist: no knowledge stored in that data folder`
      )
    throw new VigilError(ErrorCode.storageFailed, `${root}: cannot be read (${(error as Error).message})`)
  }
}

export async function runKnowledge(argv: string[], io: CommandIo): Promise<number> {
  const args = parseKnowledgeArgs(argv)
  await existingDataDir(args.dataDir)
  const root = join(args.dataDir, 'knowledge')
  let damaged = false
  let teamSeen = false
  for (const folder of await teamFolders(root)) {
    const loaded = await loadTeamFolder(root, folder)
    if (!loaded || (args.team !== null && loaded.team !== args.team)) continue
    teamSeen = true
    if (loaded.problem) {
      damaged = true
      io.stderr.write(
        `vigil knowledge: ${loaded.problem.message}; team "${loaded.team}" is listed as it stood before that line (nothing after it is read)\n`
      )
    }
    for (const entry of loaded.entries.values()) {
      const { id, team, title, version, status, author, sourceTicketIds } = entry
      // A rejected draft is stored as retired but was never in use (vigil stats does not count it as retired).
      const shown = status === 'retired' && entry.review === 'rejected' ? 'rejected-draft' : status
      io.stdout.write(
        args.json
          ? `${JSON.stringify({ id, team, title, version, status, author, sourceTicketIds })}\n`
          : `${team}  ${id}  v${version} ${shown} (${author})  ${title}  [${sourceTicketIds.join(', ')}]\n`
      )
    }
  }
  if (args.team !== null && !teamSeen)
    throw new VigilError(ErrorCode.notFound, `no team "${args.team}" in ${root}`)
  return damaged ? 1 : 0
}
