/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally quoted with `"`, a quote inside a quoted field
 * written twice, and line breaks (LF, CRLF or CR) allowed inside quoted fields. Every record carries the line it
 * starts on, so that loaders can name the record when a value is wrong.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'

export interface CsvRecord {
  /** 1-based line of the file on which the record starts. */
  line: number
  cells: string[]
}

/**
 * Splits CSV text into records; blank lines between records are skipped and a leading byte-order mark ignored.
 * A quote inside an unquoted field is kept as text. Throws BAD_INPUT naming the line for a quoted field that never
 * closes or text right after a closing quote. `source` names the file in messages.
 */
export function parseCsv(text: string, source = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  /** Whether the current field has started (so `""` is an empty field, not a missing one). */
  let started = false
  let line = 1
  let recordLine = 1
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endField = (): void => {
    cells.push(cell)
    cell = ''
    started = false
  }
  const endRecord = (): void => {
    if (cells.length > 0 || started || cell !== '') {
      endField()
      records.push({ line: recordLine, cells })
    }
    cells = []
  }
  while (index < text.length) {
    const char = text[index]!
    if (char === '"' && !started) {
      const opened = line
      started = true
      index += 1
      for (;;) {
        if (index >= text.length) {
          throw new VigilError(ErrorCode.badInput, `${source} line ${opened}: quoted field is never closed`)
        }
        const inner = text[index]!
        index += 1
        if (inner === '"') {
          if (text[index] !== '"') break
          index += 1
        } else if (inner === '\n' || (inner === '\r' && text[index] !== '\n')) {
          line += 1
        }
        cell += inner
      }
      const next = text[index]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new VigilError(
          ErrorCode.badInput,
          `${source} line ${line}: unexpected text after a closing quote`
        )
      }
    } else if (char === ',') {
      endField()
      index += 1
    } else if (char === '\n' || char === '\r') {
      endRecord()
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1
      line += 1
      recordLine = line
    } else {
      cell += char
      started = true
      index += 1
    }
  }
  endRecord()
  return records
}

/** A record left out because it is cut short, with its line and why. */
export interface PartialRecord {
  line: number
  reason: string
  /** The fields it has, by column name. */
  values: Record<string, string>
}

/**
 * The records after the header as objects keyed by column name. A record with fewer fields than the header (cut
 * short, partial) is left out and returned in `partial` with its line, for the caller to count and report. Throws
 * BAD_INPUT when a required column is missing from the header, or when a record has more fields than the header
 * (malformed: its values cannot be assigned to columns), naming the line.
 */
export function csvObjects<Column extends string>(
  records: readonly CsvRecord[],
  required: readonly Column[],
  source = 'CSV'
): {
  rows: Array<{ line: number; values: Record<Column, string> & Record<string, string> }>
  partial: PartialRecord[]
} {
  const [header, ...rows] = records
  if (!header) throw new VigilError(ErrorCode.badInput, `${source}: empty file, expected a header line`)
  const names = header.cells.map((name) => name.trim())
  for (const column of required) {
    if (!names.includes(column)) {
      throw new VigilError(
        ErrorCode.badInput,
        `${source} line ${header.line}: no "${column}" column in the header`
      )
    }
  }
  const partial: PartialRecord[] = []
  const complete: Array<{ line: number; values: Record<Column, string> & Record<string, string> }> = []
  for (const row of rows) {
    if (row.cells.length > names.length) {
      throw new VigilError(
        ErrorCode.badInput,
        `${source} line ${row.line}: ${row.cells.length} fields, the header has ${names.length}`
      )
    }
    if (row.cells.length < names.length) {
      const missing = names.slice(row.cells.length).map((name) => `"${name}"`)
      partial.push({
        line: row.line,
        reason: `${row.cells.length} fields, the header has ${names.length} (no ${missing.join(', ')})`,
        values: Object.fromEntries(row.cells.map((cell, position) => [names[position]!, cell]))
      })
      continue
    }
    const values: Record<string, string> = {}
    names.forEach((name, position) => (values[name] = row.cells[position]!))
    complete.push({ line: row.line, values: values as Record<Column, string> & Record<string, string> })
  }
  return { rows: complete, partial }
}
