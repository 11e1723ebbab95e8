import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  loadHadoopIssues,
  parseDuplicatePairs,
  parseHadoopIssues
} from '../../../src/main/eval/duplicates/hadoopIssues'
import { useTempDirs } from '../../helpers/tempDir'

const HEADER = 'Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Affects Version/s,Description'

describe('parseHadoopIssues', () => {
  it('reads summary, id, resolution and a multi-line description', () => {
    const text = `${HEADER}\nNPE in DataNode,101,Resolved,Major,Fixed,01/Jan/21 10:00,,3.3.0,"Stack:\n  at X.y(X.java:1)"\n`
    expect(parseHadoopIssues(text)).toEqual({
      issues: [
        {
          id: '101',
          summary: 'NPE in DataNode',
          description: 'Stack:\n  at X.y(X.java:1)',
          resolution: 'Fixed'
        }
      ],
      skipped: []
    })
  })

  it('skips and counts a record with an empty summary, naming its line and issue', () => {
    const text = `${HEADER}\n"",102,Open,Major,,,,,only a description\nOK,103,Open,Major,,,,,\n`
    const { issues, skipped } = parseHadoopIssues(text)
    expect(issues.map((issue) => issue.id)).toEqual(['103'])
    expect(skipped).toEqual([{ line: 2, issueId: '102', reason: 'empty Summary' }])
  })

  it('fails on an invalid issue id, naming the line, the issue and the field', () => {
    const text = `${HEADER}\nA,101,,,,,,,\nB,HADOOP-1,,,,,,,\n`
    expect(() => parseHadoopIssues(text, 'bugs.csv')).toThrow(
      'bugs.csv line 3 (issue HADOOP-1): field "Issue id": expected a numeric Jira issue id'
    )
  })

  it('fails on an issue id given twice, naming both lines', () => {
    const text = `${HEADER}\nA,101,,,,,,,\nB,101,,,,,,,\n`
    expect(() => parseHadoopIssues(text, 'bugs.csv')).toThrow(
      'bugs.csv line 3 (issue 101): field "Issue id": also on line 2'
    )
  })

  it('fails on a missing column', () => {
    expect(() => parseHadoopIssues('Summary,Issue id\nA,1\n', 'bugs.csv')).toThrow(
      'bugs.csv line 1: no "Description" column in the header'
    )
  })

  it('skips and counts a truncated record and one without an id, naming their lines', () => {
    const text = `${HEADER}\nA,101,Open\nB,102,,,,,,,\nC,,,,,,,,text\n`
    const { issues, skipped } = parseHadoopIssues(text, 'bugs.csv')
    expect(issues.map((issue) => issue.id)).toEqual(['102'])
    expect(skipped).toEqual([
      {
        line: 2,
        issueId: '101',
        reason: expect.stringMatching(/^3 fields, the header has 9 \(no "Priority"/)
      },
      { line: 4, issueId: '', reason: 'empty Issue id' }
    ])
  })
})

describe('parseDuplicatePairs', () => {
  it('reads the pairs with their lines', () => {
    expect(parseDuplicatePairs('Issue id,Duplicate id\n13451378,13450390\n')).toEqual({
      pairs: [{ line: 2, issueId: '13451378', duplicateIds: ['13450390'] }],
      skipped: []
    })
  })

  it('reads a row naming several duplicates in one quoted field', () => {
    expect(parseDuplicatePairs('Issue id,Duplicate id\n12,"13, 14"\n15,"16,17"\n').pairs).toEqual([
      { line: 2, issueId: '12', duplicateIds: ['13', '14'] },
      { line: 3, issueId: '15', duplicateIds: ['16', '17'] }
    ])
  })

  it('fails on an invalid duplicate id, naming the line, the issue and the field', () => {
    expect(() => parseDuplicatePairs('Issue id,Duplicate id\n1,2\n3,"4, HADOOP-5"\n', 'pairs.csv')).toThrow(
      'pairs.csv line 3 (issue 3): field "Duplicate id.1": expected a numeric Jira issue id'
    )
  })

  it('skips and counts a partial pair: an empty id or a record cut short', () => {
    expect(parseDuplicatePairs('Issue id,Duplicate id\n1,2\n3,\n4\n', 'pairs.csv')).toEqual({
      pairs: [{ line: 2, issueId: '1', duplicateIds: ['2'] }],
      skipped: [
        { line: 3, reason: 'empty Duplicate id' },
        { line: 4, reason: '1 fields, the header has 2 (no "Duplicate id")' }
      ]
    })
  })
})

describe('loadHadoopIssues', () => {
  const tempDir = useTempDirs()

  it('names the file in messages', async () => {
    const file = join(await tempDir(), 'hadoop_bugs.csv')
    await writeFile(file, 'Summary,Issue id\n')
    await expect(loadHadoopIssues(file)).rejects.toThrow('hadoop_bugs.csv line 1: no "Description" column')
  })

  it('fails with a clear message when the file cannot be read', async () => {
    const file = join(await tempDir(), 'absent.csv')
    await expect(loadHadoopIssues(file)).rejects.toThrow(`cannot read ${file}`)
  })
})
