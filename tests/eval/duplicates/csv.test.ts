import { describe, expect, it } from 'vitest'
import { csvObjects, parseCsv } from '../../../src/main/eval/common/csv'

const cells = (text: string): string[][] => parseCsv(text).map((record) => record.cells)

describe('parseCsv', () => {
  it('splits plain records on commas and line ends, keeping empty fields', () => {
    expect(cells('a,b,c\n1,,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3']
    ])
  })

  it('reads quoted fields with commas, doubled quotes and an empty quoted field', () => {
    expect(cells('"x, y","say ""hi""","",z')).toEqual([['x, y', 'say "hi"', '', 'z']])
  })

  it('keeps line breaks inside quoted fields and numbers records by the line they start on', () => {
    const records = parseCsv('id,text\n1,"first\nsecond\r\nthird"\n2,plain\n')
    expect(records.map((record) => record.line)).toEqual([1, 2, 5])
    expect(records[1]!.cells).toEqual(['1', 'first\nsecond\r\nthird'])
  })

  it('accepts CRLF and CR record ends, a byte-order mark, blank lines and no final line end', () => {
    expect(cells('\uFEFFa,b\r\n1,2\r\n\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6']
    ])
  })

  it('keeps a quote inside an unquoted field as text', () => {
    expect(cells('5" disk,ok')).toEqual([['5" disk', 'ok']])
  })

  it('names the line of a quoted field that never closes', () => {
    expect(() => parseCsv('a,b\n1,"open\nstill open\n', 'bugs.csv')).toThrow(
      'bugs.csv line 2: quoted field is never closed'
    )
  })

  it('names the line of text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"x"y\n', 'bugs.csv')).toThrow(
      'bugs.csv line 2: unexpected text after a closing quote'
    )
  })
})

describe('csvObjects', () => {
  it('keys each record by the header', () => {
    expect(csvObjects(parseCsv('id,name\n7,seven\n'), ['id'])).toEqual({
      rows: [{ line: 2, values: { id: '7', name: 'seven' } }],
      partial: []
    })
  })

  it('fails on a missing column, naming it', () => {
    expect(() => csvObjects(parseCsv('id,name\n'), ['id', 'text'], 'f.csv')).toThrow(
      'f.csv line 1: no "text" column in the header'
    )
  })

  it('leaves out a record cut short, naming its line and the missing columns', () => {
    expect(csvObjects(parseCsv('id,name,text\n1,a,x\n2\n3,c,z\n'), ['id'], 'f.csv')).toEqual({
      rows: [
        { line: 2, values: { id: '1', name: 'a', text: 'x' } },
        { line: 4, values: { id: '3', name: 'c', text: 'z' } }
      ],
      partial: [{ line: 3, reason: '1 fields, the header has 3 (no "name", "text")', values: { id: '2' } }]
    })
  })

  it('fails on a record with more fields than the header, naming its line', () => {
    expect(() => csvObjects(parseCsv('id,name\n1,a\n2,b,c\n'), ['id'], 'f.csv')).toThrow(
      'f.csv line 3: 3 fields, the header has 2'
    )
  })
})
