/**
 * Loads the GitBugs Hadoop Jira export (`hadoop_bugs.csv`: Summary, Issue id, ..., Description) and its duplicate
 * pairs (`hadoop_bugs-train.csv`: Issue id, Duplicate id; the duplicate field may name several issues, as in
 * `123,"456, 789"`, any of which counts). A file that is not CSV, lacks a column, or has a malformed record (an
 * invalid value, more fields than the header) fails with the line, issue and field named. A partial record (cut
 * short, or an id left empty) and an issue with nothing to search by (an empty summary) are skipped and counted,
 * never silently dropped.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { csvObjects, parseCsv } from '../common/csv'

const JiraId = z.string().regex(/^\d{1,12}$/, 'expected a numeric Jira issue id')

const IssueRecord = z.object({
  'Issue id': JiraId,
  Summary: z.string(),
  Description: z.string(),
  Resolution: z.string()
})

const PairRecord = z.object({
  'Issue id': JiraId,
  'Duplicate id': z
    .string()
    .transform((field) => field.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(JiraId).min(1))
})

export interface HadoopIssue {
  id: string
  summary: string
  /** May be empty: some issues have only a summary. */
  description: string
  /** Jira resolution word (Fixed, Duplicate, ...), possibly empty. */
  resolution: string
}

export interface SkippedRecord {
  line: number
  /** Empty when the record has none. */
  issueId: string
  reason: string
}

export interface HadoopIssues {
  issues: HadoopIssue[]
  /** Well-formed records left out, with why. */
  skipped: SkippedRecord[]
}

export interface DuplicatePair {
  line: number
  issueId: string
  /** One or more; finding any of them counts. */
  duplicateIds: string[]
}

export interface DuplicatePairs {
  pairs: DuplicatePair[]
  /** Partial records left out (cut short, or an id left empty), with why. */
  skipped: Array<{ line: number; reason: string }>
}

/** Parses the issues CSV text; `source` names the file in messages. */
export function parseHadoopIssues(text: string, source = 'issues CSV'): HadoopIssues {
  const { rows, partial } = csvObjects(parseCsv(text, source), Object.keys(IssueRecord.shape), source)
  const issues: HadoopIssue[] = []
  const skipped: SkippedRecord[] = partial.map((record) => ({
    line: record.line,
    issueId: record.values['Issue id']?.trim() ?? '',
    reason: record.reason
  }))
  const seen = new Map<string, number>()
  for (const { line, values } of rows) {
    if ((values['Issue id'] ?? '').trim() === '') {
      skipped.push({ line, issueId: '', reason: 'empty Issue id' })
      continue
    }
    const record = validate(IssueRecord, values, source, line, values['Issue id'])
    const id = record['Issue id']
    const first = seen.get(id)
    if (first !== undefined) {
      throw new VigilError(
        ErrorCode.badInput,
        `${source} line ${line} (issue ${id}): field "Issue id": also on line ${first}`
      )
    }
    seen.set(id, line)
    const summary = record.Summary.trim()
    if (summary === '') {
      skipped.push({ line, issueId: id, reason: 'empty Summary' })
      continue
    }
    issues.push({ id, summary, description: record.Description.trim(), resolution: record.Resolution.trim() })
  }
  return { issues, skipped: skipped.sort((a, b) => a.line - b.line) }
}

/** Parses the pairs CSV text (Issue id, Duplicate id). */
export function parseDuplicatePairs(text: string, source = 'pairs CSV'): DuplicatePairs {
  const { rows, partial } = csvObjects(parseCsv(text, source), Object.keys(PairRecord.shape), source)
  const skipped = partial.map(({ line, reason }) => ({ line, reason }))
  const pairs: DuplicatePair[] = []
  for (const { line, values } of rows) {
    const empty = (['Issue id', 'Duplicate id'] as const).find(
      (column) => (values[column] ?? '').trim() === ''
    )
    if (empty) {
      skipped.push({ line, reason: `empty ${empty}` })
      continue
    }
    const record = validate(PairRecord, values, source, line, values['Issue id'])
    pairs.push({ line, issueId: record['Issue id'], duplicateIds: record['Duplicate id'] })
  }
  return { pairs, skipped: skipped.sort((a, b) => a.line - b.line) }
}

export async function loadHadoopIssues(file: string): Promise<HadoopIssues> {
  return parseHadoopIssues(await readText(file), basename(file))
}

export async function loadDuplicatePairs(file: string): Promise<DuplicatePairs> {
  return parseDuplicatePairs(await readText(file), basename(file))
}

function validate<T extends z.ZodType>(
  schema: T,
  values: Record<string, string>,
  source: string,
  line: number,
  issueId: string | undefined
): z.infer<T> {
  const parsed = schema.safeParse(values)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const which = issueId ? ` (issue ${issueId})` : ''
  throw new VigilError(
    ErrorCode.badInput,
    `${source} line ${line}${which}: field "${issue.path.join('.')}": ${issue.message}`
  )
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `cannot read ${file}: ${(error as Error).message}`, {
      cause: error
    })
  }
}
