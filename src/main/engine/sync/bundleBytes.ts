/**
 * Bundle files as bytes, for the workbench: the browser (`vigil serve`) downloads and uploads them, and the desktop
 * shell reads and writes them in the file the analyst chose, so the engine never writes where a page asks. The bytes
 * pass through a temporary file under `<dataDir>/sync/` (the bundle code works on files) that is always removed;
 * messages name the analyst's file, not the temporary one.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { VigilError } from '../../../shared/errors'
import { folderNameForTeam } from '../knowledge/teamFolder'
import { bundleTeam } from './bundleTeam'
import type { SyncReport, TeamSync } from './teamSync'

export interface BundleOut {
  /** A file name to offer: `<team>-<yyyy-mm-dd>.bundle`. */
  fileName: string
  bytes: Buffer
  entries: number
  incremental: boolean
}

async function withTemporary<T>(dataDir: string, use: (file: string) => Promise<T>): Promise<T> {
  const folder = join(dataDir, 'sync')
  await mkdir(folder, { recursive: true })
  const file = join(folder, `transfer-${randomUUID()}.bundle`)
  try {
    return await use(file)
  } finally {
    await rm(file, { force: true })
    await rm(`${file}.partial`, { force: true })
  }
}

/** The team's bundle; with `since` (an earlier bundle's commits), only what is new since (see bundle.ts). */
export function exportBundleBytes(dataDir: string, sync: TeamSync, since: string[] = []): Promise<BundleOut> {
  return withTemporary(dataDir, async (file) => {
    const written = await sync.exportBundle(file, since)
    const day = new Date().toISOString().slice(0, 10)
    return {
      fileName: `${folderNameForTeam(sync.team)}-${day}${written.incremental ? '-new' : ''}.bundle`,
      bytes: await readFile(file),
      entries: written.entries,
      incremental: written.incremental
    }
  })
}

/** Finds the bundle's team and hands the file to `importInto` (which merges it under that team's lock). */
export function importBundleBytes(
  dataDir: string,
  bytes: Buffer,
  fileName: string,
  importInto: (team: string, file: string) => Promise<SyncReport>
): Promise<SyncReport> {
  return withTemporary(dataDir, async (file) => {
    try {
      await writeFile(file, bytes)
      return await importInto(await bundleTeam(file), file)
    } catch (error) {
      if (!(error instanceof VigilError)) throw error
      throw new VigilError(error.code, error.message.replaceAll(file, fileName), { cause: error })
    }
  })
}
