/**
 * retired-tickets.jsonl gets a line each time a ticket leaves memory; a ticket that comes back and leaves again
 * supersedes its earlier line. Once superseded lines make up a quarter of the file it is rewritten with each
 * ticket's latest line, and nothing appended meanwhile is lost.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RetiredTickets, type RetiredTicket } from '../../../src/main/engine/storage/retiredTickets'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

function retired(ticketId: string, round: number): RetiredTicket {
  const at = new Date(Date.UTC(2026, 0, 1, 0, round)).toISOString()
  return {
    ticketId,
    summary: {
      id: ticketId,
      subject: `${ticketId} round ${round}`,
      status: 'resolved',
      team: 'cloud-support',
      assignee: null,
      createdAt: at,
      updatedAt: at,
      messageCount: round,
      suggestionCount: 0,
      lastMessageAt: at,
      phase: 'resolved',
      requester: 'Dana',
      archived: true
    },
    words: `${ticketId.toLowerCase()} round ${round}`
  }
}

const lineCount = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').length

describe('retired tickets file', () => {
  it('drops superseded lines once they are a quarter of the file, keeping every ticket latest line', async () => {
    const dir = await tempDir()
    const file = join(dir, 'retired-tickets.jsonl')
    const tickets = new RetiredTickets(dir, () => undefined, 8)
    // 10 tickets, each leaving memory 4 times: 40 lines, 30 of them superseded.
    for (let round = 1; round <= 4; round++)
      await tickets.add(Array.from({ length: 10 }, (_, i) => retired(`T-${i}`, round)))
    expect(await lineCount(file)).toBe(40)
    const [listed, , later] = await Promise.all([
      tickets.latest(() => false),
      // Appended while the list is read: never lost to the rewrite.
      tickets.add([retired('T-new', 1)]),
      tickets.latest((id) => id === 'T-3')
    ])
    expect(listed.map((line) => line.summary.subject).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `T-${i} round 4`).sort()
    )
    expect(await lineCount(file)).toBe(11)
    expect(later.map((line) => line.ticketId).sort()).toEqual(
      ['T-0', 'T-1', 'T-2', 'T-4', 'T-5', 'T-6', 'T-7', 'T-8', 'T-9', 'T-new'].sort()
    )
    await tickets.close()
    const reopened = new RetiredTickets(dir, () => undefined, 8)
    expect((await reopened.latest(() => false)).map((line) => line.summary.subject)).toContain('T-7 round 4')
    await reopened.close()
  })

  it('leaves a file with few superseded lines as it is, and a damaged one unread and unchanged', async () => {
    const dir = await tempDir()
    const file = join(dir, 'retired-tickets.jsonl')
    const reports: string[] = []
    const tickets = new RetiredTickets(dir, (message) => reports.push(message), 8)
    await tickets.add(Array.from({ length: 40 }, (_, i) => retired(`T-${i}`, 1)))
    await tickets.add(Array.from({ length: 8 }, (_, i) => retired(`T-${i}`, 2)))
    expect(await tickets.latest(() => false)).toHaveLength(40)
    expect(await lineCount(file)).toBe(48)
    await tickets.close()
    const text = await readFile(file, 'utf8')
    const damaged = text.replace(/\n/, '\n{"ticketId": broken\n')
    await writeFile(file, damaged)
    const again = new RetiredTickets(dir, (message) => reports.push(message), 8)
    expect(await again.latest(() => false)).toEqual([])
    expect(reports.join('\n')).toMatch(/retired-tickets\.jsonl line 2/)
    expect(await readFile(file, 'utf8')).toBe(damaged)
    await again.close()
  })
})
