/**
 * `catalogue.bin`: a team's entry catalogue (entryCatalogue.ts) as it stood over a snapshot and part of the log, so
 * that opening a large team neither reads every entry to list, count or chart them nor waits for that.
 *
 * Derived data, framed like `index.bin` (magic, CRC-32 trailer, format number: checkedFile.ts) and naming the
 * snapshot it was built over. Noting the log's entries again on top of it gives the current catalogue whatever part
 * of the log it had seen (`note` replaces what it knew of an entry), so it may be saved at any moment between writes;
 * a file over another snapshot, damaged or of another format is ignored and the catalogue is built again.
 */
import { checkFrame, readCheckedFile, writeCheckedFile } from './checkedFile'
import type { Noted } from './entryCatalogue'
import type { SnapshotFingerprint } from './indexFile'

export const catalogueFileName = 'catalogue.bin'
/** Bumped whenever what is saved of an entry changes; another number means "build again". */
const catalogueFormat = 1
const magic = Buffer.from('VIGILCA\n', 'latin1')

export interface SavedCatalogue {
  snapshot: SnapshotFingerprint
  entries: Array<[string, Noted]>
}

interface Columns {
  format: number
  snapshot: SnapshotFingerprint
  ids: string[]
  title: number[]
  updated: number[]
  flags: number[]
  sources: string[][]
  growth: number[][]
}

export async function writeCatalogueFile(
  path: string,
  folder: string,
  snapshot: SnapshotFingerprint,
  entries: Iterable<[string, Noted]>
): Promise<void> {
  const columns: Columns = {
    format: catalogueFormat,
    snapshot,
    ids: [],
    title: [],
    updated: [],
    flags: [],
    sources: [],
    growth: []
  }
  for (const [id, noted] of entries) {
    columns.ids.push(id)
    columns.title.push(noted.title)
    columns.updated.push(noted.updated)
    columns.flags.push(noted.flags)
    columns.sources.push([...noted.sources])
    columns.growth.push([...noted.growth])
  }
  await writeCheckedFile(path, Buffer.concat([magic, Buffer.from(JSON.stringify(columns), 'utf8')]), folder)
}

/** The saved catalogue, or why it cannot be used (`missing`, or what is wrong with it). */
export async function readCatalogueFile(path: string): Promise<SavedCatalogue | { unusable: string }> {
  return readCheckedFile(path, (file) => {
    checkFrame(file, magic, 'not a catalogue file')
    const columns = JSON.parse(file.toString('utf8', magic.length, file.length - 4)) as Columns
    if (columns.format !== catalogueFormat)
      throw new Error(`of format ${columns.format}, not ${catalogueFormat}`)
    const { ids, title, updated, flags, sources, growth } = columns
    const count = ids.length
    if ([title, updated, flags, sources, growth].some((column) => column.length !== count))
      throw new Error('has columns of mismatched lengths')
    return {
      snapshot: columns.snapshot,
      entries: ids.map((id, i) => [
        id,
        { title: title[i]!, updated: updated[i]!, flags: flags[i]!, sources: sources[i]!, growth: growth[i]! }
      ])
    }
  })
}
