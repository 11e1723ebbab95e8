import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ircEvents } from '../../../src/main/eval/irc/ircEvents'
import { loadIrcThreads } from '../../../src/main/eval/irc/ircThreads'
import { parseRawLine } from '../../../src/main/eval/irc/ircLines'
import { lineTimes } from '../../../src/main/eval/irc/lineTimes'
import { useTempDirs } from '../../helpers/tempDir'
import { writeCorpus } from './corpusFixture'

const tempDir = useTempDirs()

describe('loadIrcThreads', () => {
  it('builds one thread per gold cluster, skipping and counting partial records', async () => {
    const dev = await writeCorpus(await tempDir())
    const corpus = await loadIrcThreads(dev)
    expect(corpus.goldFile).toBe(join(dev, '..', 'gold.dev.clusters.txt'))
    expect(corpus.threads.map((thread) => [thread.id, thread.lines.map((line) => line.line)])).toEqual([
      ['2020-01-02_10-2', [2, 3, 4, 6]],
      ['2020-01-02_10-7', [7]]
    ])
    // The message without text (line 5), the cluster without lines, the line past the end of the file.
    expect(corpus.skipped).toBe(3)
  })

  it('turns threads into tickets: first speaker customer, others analysts, === lines system, in time order', async () => {
    const events = ircEvents((await loadIrcThreads(await writeCorpus(await tempDir()))).threads)
    expect(events.map((event) => event.eventId)).toEqual([
      'irc-2020-01-02_10-2:opened',
      'irc-2020-01-02_10-2:line:2',
      'irc-2020-01-02_10-2:line:3',
      'irc-2020-01-02_10-2:line:4',
      'irc-2020-01-02_10-2:line:6',
      'irc-2020-01-02_10-2:resolved',
      'irc-2020-01-02_10-7:opened',
      'irc-2020-01-02_10-7:line:7',
      'irc-2020-01-02_10-7:resolved'
    ])
    const messages = events.flatMap((event) => (event.type === 'message.added' ? [event.message] : []))
    expect(messages.map((m) => [m.authorRole, m.authorName, m.time])).toEqual([
      ['system', 'system', '2020-01-03T00:01:00.000Z'],
      ['customer', 'carol', '2020-01-03T00:01:00.000Z'],
      ['analyst', 'dave', '2020-01-03T00:02:00.000Z'],
      ['customer', 'carol', '2020-01-03T00:03:00.000Z'],
      ['customer', 'erin', '2020-01-03T00:03:00.000Z']
    ])
    const opened = events[0]!
    expect(opened.type === 'ticket.opened' && opened.ticket).toMatchObject({
      team: 'ubuntu',
      assignee: 'dave'
    })
  })

  it('fails naming the file, line and field of a malformed raw line', async () => {
    const dev = await writeCorpus(await tempDir())
    const raw = join(dev, '2020-01-02_10.raw.txt')
    await writeFile(raw, '[10:00] <alice> hi\n[10:01] <bob> hello\nwhat is this\n')
    await expect(loadIrcThreads(dev)).rejects.toThrow(`${raw} line 3: timestamp: expected a line starting`)
  })

  it('fails naming the gold file, line and field of a malformed cluster', async () => {
    const dev = await writeCorpus(await tempDir())
    const gold = join(dev, '..', 'gold.dev.clusters.txt')
    await writeFile(gold, '2020-01-02_10:2 3\n2020-01-02_10:4 five\n')
    await expect(loadIrcThreads(dev)).rejects.toThrow(`${gold} line 2: lines: "five" is not a line number`)
    await writeFile(gold, '2020-01-02_10:2 3\n2020-01-02_10:3 4\n')
    await expect(loadIrcThreads(dev)).rejects.toThrow(`${gold} line 2: lines: 2020-01-02_10 line 3 is in two`)
  })

  it('says where it looked for the gold file, and rejects a raw file name without a date', async () => {
    const root = await tempDir()
    const train = join(root, 'train')
    await mkdir(train)
    await writeFile(join(train, '2020-01-02.train-a.raw.txt'), '[10:00] <alice> hi\n')
    await expect(loadIrcThreads(train)).rejects.toThrow(join(root, 'gold.train.clusters.txt'))
    await writeFile(join(train, 'notes.raw.txt'), '[10:00] <alice> hi\n')
    await expect(loadIrcThreads(train)).rejects.toThrow('notes.raw.txt: file name: expected it to start')
  })
})

describe('lineTimes', () => {
  const at = (iso: string): number => Date.parse(iso)

  it('gives the file date to line 1000, where the annotated part starts; earlier lines wrap back a day', () => {
    const lines = [...Array(1000).fill('[23:00] <a> context'), '[01:00] <b> annotated'].map(parseRawLine)
    const times = lineTimes(lines, at('2020-01-02T00:00:00Z'))
    expect(new Date(times[0]!).toISOString()).toBe('2020-01-01T23:00:00.000Z')
    expect(new Date(times[1000]!).toISOString()).toBe('2020-01-02T01:00:00.000Z')
  })

  it('reads a jump back of at most 12 hours as a 12-hour clock', () => {
    const lines = ['[12:59] <a> one', '=== b has joined', '[01:00] <b> two'].map(parseRawLine)
    const times = lineTimes(lines, at('2005-08-08T00:00:00Z'))
    expect(times.map((time) => new Date(time).toISOString().slice(11, 16))).toEqual([
      '12:59',
      '12:59',
      '13:00'
    ])
  })
})
