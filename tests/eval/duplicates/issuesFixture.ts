/** A tiny hand-made Jira export: three pairs of duplicates worded differently, and unrelated issues. */
import type { DuplicatePairs, HadoopIssue } from '../../../src/main/eval/duplicates/hadoopIssues'

const issue = (id: string, summary: string, description: string): HadoopIssue => ({
  id,
  summary,
  description,
  resolution: ''
})

export const ISSUES: HadoopIssue[] = [
  issue(
    '1',
    'NameNode runs out of heap memory on large block reports',
    'OutOfMemoryError in the NameNode while it processes block reports from 500 DataNodes.'
  ),
  issue(
    '2',
    'OutOfMemoryError in NameNode during block report processing',
    'The NameNode heap fills up and it crashes when many block reports arrive.'
  ),
  issue(
    '3',
    'S3A listing fails for directories with spaces',
    'Listing an S3A path whose directory name contains spaces returns FileNotFoundException.'
  ),
  issue(
    '4',
    'S3A: directories containing spaces cannot be listed',
    'FileNotFoundException from S3A listStatus when the directory has spaces in its name.'
  ),
  issue(
    '5',
    'Upgrade jackson-databind for CVE fixes',
    'jackson-databind has known vulnerabilities; upgrade the jackson version.'
  ),
  issue(
    '6',
    'Bump jackson databind version due to vulnerabilities',
    'Security scanners report vulnerabilities in jackson-databind.'
  ),
  issue(
    '7',
    'Kerberos ticket renewal fails after 24 hours',
    'Long-running services lose their Kerberos credentials after a day.'
  ),
  issue(
    '8',
    'Javadoc errors when building on JDK 11',
    'mvn javadoc:javadoc fails on JDK 11 with invalid HTML tags.'
  ),
  issue('9', 'Summary only: DistCp ignores the -update flag', '')
]

export const PAIRS: DuplicatePairs = {
  pairs: [
    { line: 2, issueId: '2', duplicateIds: ['1'] },
    { line: 3, issueId: '4', duplicateIds: ['3'] },
    { line: 4, issueId: '6', duplicateIds: ['5'] },
    { line: 5, issueId: '99', duplicateIds: ['1'] }
  ],
  skipped: []
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`

/** The fixture as the two CSV files of the GitBugs layout. */
export function issuesCsv(): string {
  const header = 'Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Affects Version/s,Description'
  const rows = ISSUES.map((i) =>
    [quote(i.summary), i.id, 'Open', 'Major', '', '', '', '3.3.0', quote(i.description)].join(',')
  )
  return `${[header, ...rows].join('\r\n')}\r\n`
}

export function pairsCsv(): string {
  const rows = PAIRS.pairs.map((pair) => `${pair.issueId},${quote(pair.duplicateIds.join(', '))}`)
  return `Issue id,Duplicate id\n${rows.join('\n')}\n`
}
