import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RouteOutput } from '../../../src/shared/contract'
import { buildEngine, call, runToEnd, type Harness } from '../../helpers/engineHarness'

const dirs: string[] = []
const harnesses: Harness[] = []
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.engine.stop()))
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('an internal note posted after the demo finished', () => {
  it('appears in the ticket’s conversation, and is still there after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-late-note-'))
    dirs.push(dir)
    const harness = await runToEnd(dir)
    const status = await call<RouteOutput<'engine.status'>>(harness.engine, 'engine.status')
    expect(status.source.state).toBe('finished')
    const [card] = await call<RouteOutput<'suggestions.list'>>(harness.engine, 'suggestions.list', {
      limit: 500
    })
    const posted = await call<RouteOutput<'suggestions.postNote'>>(harness.engine, 'suggestions.postNote', {
      suggestionId: card!.id
    })
    expect(posted).toEqual({ posted: true, ticketId: card!.ticketId })
    const detail = await call<RouteOutput<'tickets.get'>>(harness.engine, 'tickets.get', {
      ticketId: card!.ticketId
    })
    expect(detail.messages.at(-1)).toMatchObject({ authorName: 'Internal note', text: card!.text })
    await harness.engine.stop()

    const again = buildEngine(dir)
    harnesses.push(again)
    await again.engine.start()
    await again.engine.whenSourceIdle()
    const reread = await call<RouteOutput<'tickets.get'>>(again.engine, 'tickets.get', {
      ticketId: card!.ticketId
    })
    expect(reread.messages.filter((message) => message.authorName === 'Internal note')).toHaveLength(1)
  })
})
