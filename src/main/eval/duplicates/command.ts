/** `vigil eval duplicates`: find each issue's duplicate among all issues (GitBugs Hadoop), Vigil against BM25. */
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { CommandIo } from '../../cli/io'
import { evaluateDuplicates, type SystemResult } from './duplicatesEval'
import { loadDuplicatePairs, loadHadoopIssues } from './hadoopIssues'

export const duplicatesUsage = `Usage: vigil eval duplicates --issues CSV --pairs CSV [--candidates N] [--json]
  --issues      Jira issues: Summary, Issue id, ..., Description (e.g. ../shared/data/gitbugs-hadoop/hadoop_bugs.csv)
  --pairs       duplicate pairs: Issue id, Duplicate id (e.g. ../shared/data/gitbugs-hadoop/hadoop_bugs-train.csv);
                a quoted Duplicate id field may name several ("id1, id2"): finding any of them counts
  --candidates  full-text candidates Vigil re-scores per query (default 100, as in the app)
  --json        print one JSON object
`

export async function runDuplicatesEval(argv: string[], io: CommandIo): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        issues: { type: 'string' },
        pairs: { type: 'string' },
        candidates: { type: 'string', default: '100' },
        json: { type: 'boolean', default: false }
      }
    }))
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${(error as Error).message}\n${duplicatesUsage}`)
  }
  if (!values.issues || !values.pairs) {
    throw new VigilError(ErrorCode.badInput, `--issues CSV and --pairs CSV are required\n${duplicatesUsage}`)
  }
  const candidates = Number(values.candidates)
  if (!Number.isInteger(candidates) || candidates < 1 || candidates > 10_000) {
    throw new VigilError(
      ErrorCode.badInput,
      `--candidates must be a whole number from 1 to 10000, not "${values.candidates}"`
    )
  }
  const started = performance.now()
  const { issues, skipped } = await loadHadoopIssues(resolve(values.issues))
  const pairs = await loadDuplicatePairs(resolve(values.pairs))
  const result = await evaluateDuplicates(issues, pairs, { candidates })
  const seconds = Math.round((performance.now() - started) / 100) / 10

  for (const record of skipped) {
    const which = record.issueId ? ` (issue ${record.issueId})` : ''
    io.stderr.write(`${basename(values.issues)} line ${record.line}${which} skipped: ${record.reason}\n`)
  }
  for (const pair of result.skippedPairs) {
    io.stderr.write(`${basename(values.pairs)} line ${pair.line} skipped: ${pair.reason}\n`)
  }
  if (values.json) {
    const report = { ...metrics(result), baselines: { bm25: metrics(result.baselines.bm25) }, seconds }
    io.stdout.write(`${JSON.stringify(report)}\n`)
  } else {
    io.stdout.write(table(result, issues.length, seconds))
  }
  return 0
}

/** The reported fields, in a fixed order, rounded to 4 decimals. */
function metrics(result: SystemResult): SystemResult {
  const round = (value: number): number => Math.round(value * 10_000) / 10_000
  return {
    pairs: result.pairs,
    skipped: result.skipped,
    hitAt1: round(result.hitAt1),
    hitAt5: round(result.hitAt5),
    hitAt10: round(result.hitAt10),
    mrr: round(result.mrr)
  }
}

function table(
  result: SystemResult & { baselines: { bm25: SystemResult } },
  issues: number,
  seconds: number
): string {
  const row = (name: string, m: SystemResult): string =>
    [
      name.padEnd(8),
      ...[m.hitAt1, m.hitAt5, m.hitAt10, m.mrr].map((value) => value.toFixed(3).padStart(7))
    ].join(' ')
  return [
    `${result.pairs} pairs (${result.skipped} skipped) among ${issues} issues, ${seconds} s`,
    [''.padEnd(8), ...['hit@1', 'hit@5', 'hit@10', 'MRR'].map((name) => name.padStart(7))].join(' '),
    row('Vigil', result),
    row('BM25', result.baselines.bm25),
    ''
  ].join('\n')
}
