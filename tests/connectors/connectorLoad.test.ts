/**
 * Load: one Zendesk connector watching 200 tickets, a burst of 5 000 new comments on the local server. Every comment
 * is delivered exactly once, in id order, and memory stays bounded; the figures are printed.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import { memorySecrets } from './helpers/deliveryRecorder'
import { FakeServer } from './helpers/fakeServer'
import { ZendeskFake } from './fakes/zendeskFake'
import type { ZendeskData } from './fakes/zendeskFake'

const TICKETS = 200
const MESSAGES = 5_000

let server: FakeServer
beforeEach(async () => {
  server = await FakeServer.start()
})
afterEach(() => server.close())

function twoHundredTickets(): ZendeskData {
  const created = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')
  const users = [
    { id: 501, name: 'Sam Agent', email: 'sam@acme.example', role: 'agent' },
    { id: 9001, name: 'Ana Customer', email: 'ana@customer.example', role: 'end-user' }
  ]
  const tickets = Array.from({ length: TICKETS }, (_, index) => ({
    id: 50_000 + index,
    subject: `Load ticket ${index}`,
    status: 'open',
    assignee_id: 501,
    group_id: 20,
    requester_id: 9001,
    created_at: created,
    updated_at: created
  }))
  return { users, tickets, comments: {}, rateLimited: {}, unauthorized: {}, anonymousMe: {} }
}

it('delivers a burst of 5 000 messages on 200 watched tickets once each, with bounded memory', async () => {
  const fake = new ZendeskFake(server, {}, twoHundredTickets())
  const connector = createConnector(
    {
      system: 'zendesk',
      id: 'load',
      baseUrl: server.url,
      email: 'sam@acme.example',
      watch: { kind: 'group', group: '20' },
      pollIntervalMs: 2_000
    },
    memorySecrets({ 'connection.load.token': 'load-token' }),
    { defaultTeam: 'load' }
  )
  // Counting, not keeping, what arrives: the consumer must not be what holds the memory.
  const seen = new Set<string>()
  let duplicates = 0
  let lastSeq = 0
  let outOfOrder = 0
  let lastAt = 0
  let cursorBytes = 0
  const controller = new AbortController()
  const consuming = (async () => {
    for await (const { event, cursor } of connector.events(null, controller.signal)) {
      cursorBytes = Math.max(cursorBytes, cursor.length)
      if (event.type !== 'message.added') continue
      if (seen.has(event.message.id)) duplicates++
      seen.add(event.message.id)
      if (Number(event.message.id) < lastSeq) outOfOrder++
      lastSeq = Number(event.message.id)
      lastAt = performance.now()
    }
  })()
  await waitUntil(() => connector.stats().polls > 0, 10_000)

  let peakRss = process.memoryUsage().rss
  const baselineRss = peakRss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25)
  const burstAt = performance.now()
  for (let n = 0; n < MESSAGES; n++) {
    const ticket = fake.data.tickets[n % TICKETS]!
    fake.addComment(Number(ticket.id), {
      author_id: n % 2 ? 501 : 9001,
      body: `Message ${n}: the export stops at row ${n * 7}; retried twice, same result.`
    })
  }
  await waitUntil(() => seen.size >= MESSAGES, 25_000)
  const deliveredAt = performance.now()
  const polls = connector.stats().polls
  await waitUntil(() => connector.stats().polls > polls + 1, 10_000)
  clearInterval(sampler)
  controller.abort()
  await consuming

  const seconds = (deliveredAt - burstAt) / 1000
  // The poll that found the burst: from its first request to the last delivery.
  const pollStart = server.requests.find((request) => request.at > burstAt)!.at
  const pollSeconds = (lastAt - pollStart) / 1000
  const requests = server.requests.filter((request) => request.at > burstAt && request.at <= lastAt).length
  console.log(
    `connector load: ${MESSAGES} messages on ${TICKETS} tickets: one poll of ${requests} HTTP requests fetched and ` +
      `delivered them in ${pollSeconds.toFixed(2)} s (${Math.round(MESSAGES / pollSeconds)} msg/s); ` +
      `${seconds.toFixed(2)} s from the burst, including the wait for the next poll; ` +
      `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB (+${((peakRss - baselineRss) / 2 ** 20).toFixed(0)} MB over the baseline); ` +
      `largest cursor ${cursorBytes} bytes`
  )
  expect(seen.size).toBe(MESSAGES)
  expect(duplicates).toBe(0)
  expect(outOfOrder).toBe(0)
  expect(connector.stats().lastError).toBeNull()
  expect(peakRss - baselineRss).toBeLessThan(300 * 2 ** 20)
  expect(cursorBytes).toBeLessThan(16_000)
}, 60_000)

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
