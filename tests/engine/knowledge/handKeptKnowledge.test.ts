/** Knowledge kept by hand through the contract: create, edit, retire, restore, with versions, history and author. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EngineStatus, PushEnvelope, RouteOutput, TicketSummary } from '../../../src/shared/contract'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import { buildEngine, call, runToEnd, type Harness } from '../../helpers/engineHarness'

const dirs: string[] = []
const running: Harness[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.engine.stop()))
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function start(dir?: string): Promise<{ harness: Harness; dir: string }> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'vigil-hand-knowledge-')))
  if (!dir) dirs.push(folder)
  const harness = buildEngine(folder, { kind: 'none' })
  running.push(harness)
  await harness.engine.start()
  await call(harness.engine, 'settings.update', { analystName: 'Dana Reyes' })
  return { harness, dir: folder }
}

const written = {
  title: 'Exports over 1 GB fail with 504',
  problem: 'A CSV export of a large workspace stops with 504 Gateway Timeout.',
  resolution: [
    'Use the asynchronous export under Data > Exports.',
    'Send the customer the download link it e-mails.'
  ]
}

describe('hand-kept knowledge', () => {
  it('creates an active entry written by the analyst, version 1, that Ask finds at once', async () => {
    const { harness } = await start()
    const entry = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', written)
    expect(entry).toMatchObject({
      ...written,
      author: 'human',
      status: 'active',
      version: 1,
      sourceTicketIds: [],
      provenance: [{ kind: 'written', by: 'Dana Reyes' }]
    })
    expect(entry.summary).toContain('asynchronous export')
    const listed = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', {
      query: 'export 504 timeout'
    })
    expect(listed.map((item) => item.id)).toContain(entry.id)
  })

  it("stamps a hand change with the engine's clock (the demo's in a demo) and pushes the counts by status", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-hand-knowledge-'))
    dirs.push(dir)
    const demo = await runToEnd(dir)
    running.push(demo)
    const pushed: PushEnvelope[] = []
    demo.engine.onEvent((envelope) => pushed.push(envelope))
    const tickets = await call<TicketSummary[]>(demo.engine, 'tickets.list', {})
    const demoNow = tickets
      .map((t) => [t.updatedAt, t.lastMessageAt ?? ''])
      .flat()
      .sort()
      .at(-1)!
    expect(demoNow < '2027').toBe(true)
    const created = await call<KnowledgeEntry>(demo.engine, 'knowledge.create', written)
    expect(created.updatedAt).toBe(demoNow)
    expect(created.provenance?.[0]?.at).toBe(demoNow)
    const status = pushed.findLast((envelope) => envelope.event === 'engine.status')?.payload as EngineStatus
    expect(status.now).toBe(demoNow)
    const listed = await call<KnowledgeEntry[]>(demo.engine, 'knowledge.list', {})
    expect(status.knowledgeByStatus).toEqual({
      active: listed.filter((entry) => entry.status === 'active').length,
      draft: listed.filter((entry) => entry.status === 'draft').length,
      retired: listed.filter((entry) => entry.status === 'retired' && entry.review !== 'rejected').length,
      rejected: listed.filter((entry) => entry.status === 'retired' && entry.review === 'rejected').length
    })
    expect(status.knowledgeByStatus!.active).toBeGreaterThan(10)
  })

  it('lists entries a page at a time, newest first, the same order as the whole list', async () => {
    const { harness } = await start()
    for (const title of ['First written', 'Second written', 'Third written']) {
      await call<KnowledgeEntry>(harness.engine, 'knowledge.create', { ...written, title })
    }
    const whole = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', {})
    const page = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', { limit: 2, offset: 1 })
    expect(whole.length).toBeGreaterThanOrEqual(3)
    expect(page.map((entry) => entry.id)).toEqual(whole.slice(1, 3).map((entry) => entry.id))
    const sorted = whole
      .slice()
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
    expect(whole.map((entry) => entry.id)).toEqual(sorted.map((entry) => entry.id))
    await expect(call(harness.engine, 'knowledge.list', { limit: 0 })).rejects.toThrow()
  })

  it('edits an active entry as a new version; the replaced one is in the history with its author', async () => {
    const { harness, dir } = await start()
    const created = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', written)
    const edited = await call<KnowledgeEntry>(harness.engine, 'knowledge.edit', {
      entryId: created.id,
      edit: { resolution: ['Use the asynchronous export under Data > Exports (it has no size limit).'] }
    })
    expect(edited).toMatchObject({ version: 2, status: 'active', title: written.title, author: 'human' })
    expect(edited.provenance?.map((event) => [event.kind, event.by])).toEqual([
      ['written', 'Dana Reyes'],
      ['edited', 'Dana Reyes']
    ])
    const history = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.history', { entryId: created.id })
    expect(history.map((version) => [version.version, version.resolution])).toEqual([[1, written.resolution]])

    // Durable: a restart reads the same current version and history.
    await harness.engine.stop()
    const again = await start(dir)
    const [reread] = await call<KnowledgeEntry[]>(again.harness.engine, 'knowledge.list', {})
    expect(reread).toMatchObject({ id: created.id, version: 2, resolution: edited.resolution })
    expect(
      (await call<KnowledgeEntry[]>(again.harness.engine, 'knowledge.history', { entryId: created.id }))
        .length
    ).toBe(1)
  })

  it('retires an entry (listed as retired, refused a second time) and restores it, each a version naming who and why', async () => {
    const { harness } = await start()
    const created = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', written)
    const retired = await call<KnowledgeEntry>(harness.engine, 'knowledge.setStatus', {
      entryId: created.id,
      action: 'retire',
      note: 'the export limit was lifted'
    })
    expect(retired).toMatchObject({ status: 'retired', version: 2 })
    expect(retired.provenance?.at(-1)).toMatchObject({
      kind: 'retired',
      by: 'Dana Reyes',
      note: 'the export limit was lifted'
    })
    const search = (): Promise<RouteOutput<'knowledge.list'>> =>
      call(harness.engine, 'knowledge.list', { query: 'export 504 timeout' })
    expect((await search()).find((entry) => entry.id === created.id)?.status).toBe('retired')
    const again = await harness.engine.call('knowledge.setStatus', { entryId: created.id, action: 'retire' })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/retired/) }
    })

    const restored = await call<KnowledgeEntry>(harness.engine, 'knowledge.setStatus', {
      entryId: created.id,
      action: 'restore'
    })
    expect(restored).toMatchObject({ status: 'active', version: 3, resolution: written.resolution })
    expect(restored.provenance?.at(-1)).toMatchObject({ kind: 'restored', by: 'Dana Reyes' })
    const history = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.history', { entryId: created.id })
    expect(history.map((version) => [version.version, version.status])).toEqual([
      [1, 'active'],
      [2, 'retired']
    ])
  })

  it('answers a later ticket with a hand-written entry; once retired, the entry is no longer cited', async () => {
    const { harness, dir } = await start()
    const created = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', written)
    await harness.engine.stop()
    const ticket = (id: string, minute: number) =>
      demoCaseEvents([
        {
          id,
          subject: 'CSV export fails with 504 Gateway Timeout',
          team: 'cloud-support',
          assignee: 'Dana',
          openedAt: new Date(Date.parse('2026-04-01T09:00:00Z') + minute * 60_000).toISOString(),
          messages: [
            {
              role: 'customer',
              author: 'Customer',
              offsetMinutes: 0,
              text: 'Our large CSV export stops with 504 Gateway Timeout every time. How do we export the workspace?'
            },
            { role: 'analyst', author: 'Dana', offsetMinutes: 5, text: 'Looking into it.' },
            { role: 'customer', author: 'Customer', offsetMinutes: 6, text: 'Thanks.' }
          ],
          resolvedAfterMinutes: 600,
          rootCause: 'export'
        }
      ]).filter((event) => event.type !== 'ticket.resolved')
    const cited = async (events: ReturnType<typeof ticket>): Promise<boolean> => {
      const replay = await runToEnd(dir, { kind: 'replay', events, speed: 'max', id: events[0]!.eventId })
      running.push(replay)
      const cards = await call<Suggestion[]>(replay.engine, 'suggestions.list', { limit: 500 })
      const ticketId = events[0]!.type === 'ticket.opened' ? events[0]!.ticket.id : ''
      const result = cards.some(
        (card) =>
          card.ticketId === ticketId && card.citations.some((citation) => citation.entryId === created.id)
      )
      await replay.engine.stop()
      return result
    }
    expect(await cited(ticket('EXP-1', 0))).toBe(true)

    const again = await start(dir)
    await call(again.harness.engine, 'knowledge.setStatus', { entryId: created.id, action: 'retire' })
    await again.harness.engine.stop()
    expect(await cited(ticket('EXP-2', 60))).toBe(false)
  })

  it('refuses bad input naming the field, and stores nothing', async () => {
    const { harness } = await start()
    const refusals = await Promise.all([
      harness.engine.call('knowledge.create', { ...written, title: '   ' }),
      harness.engine.call('knowledge.create', { ...written, resolution: [] }),
      harness.engine.call('knowledge.create', { ...written, problem: 'x'.repeat(20_001) })
    ])
    expect(refusals.map((result) => !result.ok && result.error.message)).toEqual([
      expect.stringContaining('Title: write a few words naming the problem'),
      expect.stringContaining('Resolution steps: write at least one step'),
      expect.stringContaining('Problem: at most 20,000 characters')
    ])
    expect(await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', {})).toEqual([])

    const created = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', written)
    const duplicate = await harness.engine.call('knowledge.create', {
      ...written,
      title: written.title.toUpperCase()
    })
    expect(duplicate).toMatchObject({
      ok: false,
      error: {
        message: expect.stringContaining(`Title: an active entry already has this title (${created.id})`)
      }
    })
    const emptyStep = await harness.engine.call('knowledge.edit', {
      entryId: created.id,
      edit: { resolution: ['Use the async export.', ' '] }
    })
    expect(emptyStep).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Resolution steps: a step is empty') }
    })
    const [kept] = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', {})
    expect(kept).toMatchObject({ version: 1, resolution: written.resolution })
  })

  it('restoring a rejected risky draft puts it back in the review queue as pending, never straight into use', async () => {
    const { harness } = await start()
    const risky = {
      title: 'Verify the user by hand',
      problem: 'A user cannot prove who they are.',
      resolution: [
        'Ask the user to send their password so we can verify them.',
        'Disable MFA for the whole workspace in Admin > Security.'
      ]
    }
    const held = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', risky)
    expect(held).toMatchObject({ status: 'draft', review: 'pending' })
    const rejected = await call<KnowledgeEntry>(harness.engine, 'knowledge.review', {
      entryId: held.id,
      action: 'reject'
    })
    expect(rejected).toMatchObject({ status: 'retired', review: 'rejected' })
    // Nor can a direct call approve the rejected draft: only an entry waiting for review can be decided.
    const approvedAnyway = await harness.engine.call('knowledge.review', {
      entryId: held.id,
      action: 'approve'
    })
    expect(approvedAnyway).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('is not waiting for review, so it cannot be approved') }
    })

    const restored = await call<KnowledgeEntry>(harness.engine, 'knowledge.setStatus', {
      entryId: held.id,
      action: 'restore'
    })
    expect(restored).toMatchObject({ status: 'draft', review: 'pending', version: rejected.version + 1 })
    expect(restored.risk).toBeTruthy()
    expect(restored.provenance?.at(-1)).toMatchObject({ kind: 'restored', note: 'back in the review queue' })
    const queue = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', { filter: 'review' })
    expect(queue.map((entry) => entry.id)).toEqual([held.id])
    const served = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', {
      query: 'verify password'
    })
    expect(served.find((entry) => entry.id === held.id)?.status).not.toBe('active')
  })

  it('holds a risky hand edit for review; rejecting it leaves the published version active', async () => {
    const { harness } = await start()
    const created = await call<KnowledgeEntry>(harness.engine, 'knowledge.create', written)
    const held = await call<KnowledgeEntry>(harness.engine, 'knowledge.edit', {
      entryId: created.id,
      edit: { resolution: ['Disable two-factor authentication for every user, then retry the export.'] }
    })
    expect(held).toMatchObject({ status: 'draft', review: 'pending', version: 2 })
    expect(held.risk).toBeTruthy()
    const queue = await call<KnowledgeEntry[]>(harness.engine, 'knowledge.list', { filter: 'review' })
    expect(queue.map((entry) => entry.id)).toEqual([created.id])
    const kept = await call<KnowledgeEntry>(harness.engine, 'knowledge.review', {
      entryId: created.id,
      action: 'reject',
      note: 'never switch off 2FA'
    })
    expect(kept).toMatchObject({
      status: 'active',
      version: 3,
      resolution: written.resolution,
      review: 'none'
    })
    expect(kept.risk).toBeUndefined()
    expect(kept.provenance?.at(-1)).toMatchObject({ kind: 'rejected', by: 'Dana Reyes' })
  })
})
