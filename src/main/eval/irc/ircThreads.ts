/**
 * Loads the gold threads of one folder of the Ubuntu IRC corpus (`dev/`, `train/`): every `*.raw.txt` in the
 * folder, and the gold clusters file of that folder, found in its parent as `gold.<folder name>.clusters.txt`
 * (`dev/` → `../gold.dev.clusters.txt`) unless given. A cluster names its raw file by the file's name up to the
 * first dot (`2004-12-25` for `2004-12-25.train-c.raw.txt`); clusters of files not in the folder are ignored.
 * A malformed line fails the load, naming the file, the line (counted from 1) and the field. A partial record is
 * skipped and counted: a thread line that is a message without text or lies past the end of its file, or a
 * cluster without line numbers.
 */
import { readdir, readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { IrcFormatError, parseClusterLine, parseRawLine, type IrcLine } from './ircLines'
import { lineTimes } from './lineTimes'

export interface IrcThreadLine {
  /** Line number in the raw file, counted from 0 as the corpus does. */
  line: number
  /** Epoch milliseconds (see lineTimes). */
  time: number
  /** Who wrote it; null for a system line. */
  nick: string | null
  text: string
}

export interface IrcThread {
  /** `<file key>-<first line>`, e.g. `2004-11-15_03-1018`. */
  id: string
  /** Index of its raw file in name order: breaks ties between files. */
  fileOrder: number
  lines: IrcThreadLine[]
}

export interface IrcCorpus {
  threads: IrcThread[]
  /** Partial records skipped (see the module comment). */
  skipped: number
  goldFile: string
}

/** The gold clusters file for a data folder: `<parent>/gold.<folder name>.clusters.txt`. */
export const goldFileFor = (dataDir: string): string =>
  join(dirname(dataDir), `gold.${basename(dataDir)}.clusters.txt`)

interface RawFile {
  order: number
  lines: IrcLine[]
  times: number[]
}

export async function loadIrcThreads(dataDir: string, goldFile = goldFileFor(dataDir)): Promise<IrcCorpus> {
  const files = await readRawFiles(dataDir)
  const clusters = await readText(goldFile, 'the gold clusters file (gold.<folder>.clusters.txt)')
  const threads: IrcThread[] = []
  const used = new Map<string, Set<number>>()
  let skipped = 0
  for (const [index, text] of clusters.split('\n').entries()) {
    if (text.trim() === '') continue
    const record = parse(goldFile, index, () => parseClusterLine(text))
    const file = files.get(record.file)
    if (!file) continue
    if (record.lines.length === 0) {
      skipped++
      continue
    }
    const seen = used.get(record.file) ?? new Set<number>()
    used.set(record.file, seen)
    const lines: IrcThreadLine[] = []
    for (const number of [...new Set(record.lines)].sort((a, b) => a - b)) {
      if (seen.has(number)) {
        const where = `${goldFile} line ${index + 1}: lines`
        throw new VigilError(ErrorCode.badInput, `${where}: ${record.file} line ${number} is in two threads`)
      }
      seen.add(number)
      const line = file.lines[number]
      if (!line || line.kind === 'partial') {
        skipped++
        continue
      }
      const nick = line.kind === 'message' ? line.nick : null
      lines.push({ line: number, time: file.times[number]!, nick, text: line.text })
    }
    if (lines.length > 0)
      threads.push({ id: `${record.file}-${lines[0]!.line}`, fileOrder: file.order, lines })
  }
  if (threads.length === 0 && skipped === 0) {
    throw new VigilError(ErrorCode.badInput, `${goldFile}: no thread belongs to a raw file in ${dataDir}`)
  }
  threads.sort((a, b) => a.fileOrder - b.fileOrder || a.lines[0]!.line - b.lines[0]!.line)
  return { threads, skipped, goldFile }
}

async function readRawFiles(dataDir: string): Promise<Map<string, RawFile>> {
  let names: string[]
  try {
    names = (await readdir(dataDir)).filter((name) => name.endsWith('.raw.txt')).sort()
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${dataDir}: cannot be read (${(error as Error).message})`)
  }
  if (names.length === 0) throw new VigilError(ErrorCode.badInput, `${dataDir}: no *.raw.txt files`)
  const files = new Map<string, RawFile>()
  for (const [order, name] of names.entries()) {
    const path = join(dataDir, name)
    const key = name.slice(0, name.indexOf('.'))
    const date = /^(\d{4}-\d{2}-\d{2})/.exec(key)?.[1]
    const dateMs = date ? Date.parse(`${date}T00:00:00Z`) : NaN
    if (Number.isNaN(dateMs)) {
      throw new VigilError(
        ErrorCode.badInput,
        `${path}: file name: expected it to start with a date YYYY-MM-DD`
      )
    }
    if (files.has(key)) {
      throw new VigilError(ErrorCode.badInput, `${path}: file name: another raw file is also named ${key}`)
    }
    const text = await readText(path, 'a raw log file')
    const rows = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
    const lines = rows.map((row, index) => parse(path, index, () => parseRawLine(row.replace(/\r$/, ''))))
    files.set(key, { order, lines, times: lineTimes(lines, dateMs) })
  }
  return files
}

function parse<T>(file: string, index: number, read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (!(error instanceof IrcFormatError)) throw error
    throw new VigilError(ErrorCode.badInput, `${file} line ${index + 1}: ${error.field}: ${error.message}`)
  }
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${file}: cannot read ${what} (${(error as Error).message})`)
  }
}
