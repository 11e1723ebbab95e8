/// <reference lib="dom" />
// Parts of this file run inside the browser page (page.evaluate), so they are typed against the DOM.
/**
 * Every screen of the product in both colour schemes, through `vigil serve` in Chromium after the demo has replayed:
 * each visible text must meet WCAG AA contrast against its background, and each screen is saved as a screenshot in
 * test-artifacts/ (the README's docs/overlay.png and docs/workbench.png are copied from there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import type { TicketDetail, TicketSummary } from '../../src/shared/contract'
import type { Suggestion } from '../../src/shared/domain'
import type { EscalationRule, Settings } from '../../src/shared/settings'
import { createEngine } from '../../src/main/engine/createEngine'
import type { Engine } from '../../src/main/engine/types'
import { createJsonLogger } from '../../src/main/headless/jsonLogger'
import { createNodeHost } from '../../src/main/headless/nodeHost'
import { defaultRendererDir, defaultResourcesDir, findAppRoot } from '../../src/main/headless/paths'
import { startServeHost, type ServeHost } from '../../src/main/serve/httpServer'
import { defaultOverlaySize } from '../../src/main/shell/policy/overlayGeometry'
import { quotedText } from '../../src/shared/quotedText'
import { contrastOffenders } from './contrast'
import { openTicketCards, pauseWithOpenCards } from './demoPause'

const chromiumPath = '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
const artifacts = join(findAppRoot(), 'test-artifacts')
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync']
const schemes = ['light', 'dark'] as const
type Scheme = (typeof schemes)[number]
/** Enough Tab presses to cross the header, the tabs and the first cards or rows of each page. */
const maxTabStops = 30

const title = hasChromium
  ? 'every screen, both colour schemes: contrast and screenshots'
  : `every screen, both colour schemes (SKIPPED: ${chromiumPath} not found; install it with apt-get install -y chromium)`

describe.skipIf(!hasChromium)(title, () => {
  let dataDir: string
  let engine: Engine
  let server: ServeHost
  let browser: Browser
  /** A ticket with an escalation card, so the workbench's riskiest card is always among the texts checked. */
  let escalatedTicket: string

  beforeAll(async () => {
    const rendererDir = defaultRendererDir()
    if (!existsSync(join(rendererDir, 'overlay.html'))) {
      throw new Error(
        `The renderer is not built (${rendererDir}/overlay.html is missing): run \`npm run build\`.`
      )
    }
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-screens-'))
    const logger = createJsonLogger({ quiet: true })
    engine = createEngine(createNodeHost({ dataDir, resourcesDir: defaultResourcesDir(), logger }), {
      source: { kind: 'demo', speed: 'max' }
    })
    await engine.start()
    server = await startServeHost({ engine, rendererDir })
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    mkdirSync(artifacts, { recursive: true })
    const escalation = async (): Promise<string | undefined> => {
      const result = await engine.call('suggestions.list', { limit: 500 })
      if (!result.ok) throw new Error(`suggestions.list failed: ${result.error.message}`)
      return (result.value as Suggestion[]).find((s) => s.kind === 'escalation')?.ticketId
    }
    const until = async (what: string, done: () => Promise<boolean>): Promise<void> => {
      const deadline = Date.now() + 90_000
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`the demo did not reach "${what}" within 90 s`)
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
    const finished = async (): Promise<boolean> =>
      (await call<{ source: { state: string } }>('engine.status', {})).source.state === 'finished'
    // First pass publishes what it learns. The second pass's cases confirm the entries of their first-pass twins
    // (nothing new to learn), so the review queue's screen gets a risky entry written by hand, held for review with
    // the reason it waits; the second pass runs with publishing after approval.
    await until('finished', finished)
    await call('knowledge.create', {
      title: 'Verify a caller by hand',
      problem: 'A caller cannot prove who they are.',
      resolution: ['Ask the user to send their password so we can verify them.']
    })
    await until('entries waiting for review', async () => {
      return (await call<unknown[]>('knowledge.list', { filter: 'review' })).length > 0
    })
    // No demo customer reports many customers affected (NIM-1030's "other customers we load data for" are the
    // vendor's own), so a rule of the team's own raises the alert the screens show: a customer asking about an outage.
    const { settings } = await call<{ settings: Settings }>('settings.get', {})
    const outageQuestion: EscalationRule = {
      id: 'outage-question',
      name: 'Customer asks whether there is an outage',
      severity: 'high',
      patterns: ['\\bis (?:there|nimbus|sso) (?:an outage|down)\\b'],
      description: 'The customer asks whether the service is down.',
      positiveExamples: ['Is there an outage?'],
      negativeExamples: [],
      enabled: true
    }
    await call('settings.update', {
      learning: { publish: 'after-approval' },
      escalation: { rules: [...settings.escalation.rules, outageQuestion] }
    })
    await call('demo.control', { action: 'restart' })
    await until('finished again', finished)
    await until('an escalation card', async () => Boolean(await escalation()))
    escalatedTicket = (await escalation())!
    // Cards of resolved tickets leave the overlay, and every demo case resolves (at most two are open at once): a
    // third pass is held while cards stand on open tickets, and each of those tickets gets a summary card too.
    const held = pauseWithOpenCards(engine, 2)
    await call('demo.control', { action: 'restart', speed: 1000 })
    for (const ticketId of new Set((await held).map((card) => card.ticketId))) {
      await call('assist.summarize', { ticketId })
    }
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await engine?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  async function call<T>(route: string, input: unknown): Promise<T> {
    const result = await engine.call(route as never, input as never)
    if (!result.ok) throw new Error(`${route} failed: ${result.error.message}`)
    return result.value as T
  }

  async function open(
    path: string,
    scheme: Scheme,
    viewport = { width: 1280, height: 800 },
    clipboard = false
  ): Promise<Page> {
    const permissions = clipboard ? ['clipboard-read', 'clipboard-write'] : []
    const page = await browser.newPage({ viewport, permissions })
    await page.emulateMedia({ colorScheme: scheme })
    const response = await page.goto(`${server.url}${path}?token=${server.token}`)
    expect(response?.status(), `${path} should load`).toBe(200)
    return page
  }

  /** The reactions the engine recorded on a card. */
  async function feedbackOf(suggestionId: string): Promise<string[]> {
    const result = await engine.call('suggestions.list', { limit: 500 })
    if (!result.ok) throw new Error(`suggestions.list failed: ${result.error.message}`)
    const card = (result.value as Suggestion[]).find((item) => item.id === suggestionId)
    return card?.feedback.map((feedback) => feedback.kind) ?? []
  }

  /** Fails listing every text below AA on the screen, then saves the screenshot that shows it. */
  async function checkScreen(page: Page, name: string, scheme: Scheme, fullPage = false): Promise<void> {
    await page.screenshot({ path: join(artifacts, `${name}-${scheme}.png`), fullPage })
    const { checked, offenders } = await contrastOffenders(page)
    console.log(`${name} (${scheme}): ${checked} texts measured, ${offenders.length} below AA`)
    expect(checked, `${name} (${scheme}): the contrast check found texts to measure`).toBeGreaterThanOrEqual(
      5
    )
    expect(offenders, `${name} (${scheme}): texts below WCAG AA contrast`).toEqual([])
  }

  async function openTab(page: Page, label: string): Promise<void> {
    await page.getByRole('tab', { name: label }).click()
  }

  /** The id of the card whose line has the focus. */
  const focusedCardId = (page: Page): Promise<string | null> =>
    page.evaluate(
      () =>
        document.activeElement
          ?.closest('[data-testid="suggestion-card"]')
          ?.getAttribute('data-suggestion-id') ?? null
    )

  /**
   * The buttons that, scrolled into view in their list, are still under something else at their centre (an answer
   * laid over them): their labels, so a failure names them.
   */
  const coveredAfterScrolling = (buttons: Locator): Promise<string[]> =>
    buttons.evaluateAll((elements) =>
      elements
        .filter((element) => {
          element.scrollIntoView({ block: 'nearest' })
          const box = element.getBoundingClientRect()
          const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
          return !top || !(top === element || element.contains(top))
        })
        .map((element) => element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '?')
    )

  /** Texts in the overlay's header that are cut off (wider than their box, or than the header). */
  const truncatedInHeader = (page: Page): Promise<string[]> =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.bar, .bar *')]
        .filter((element) => element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0)
        .map((element) => `${element.className}: "${element.innerText}"`)
    )

  for (const scheme of schemes) {
    it(`overlay: compact cards, keyboard, adopt, Ask, help and snooze (${scheme})`, async () => {
      const page = await open('/overlay.html', scheme, defaultOverlaySize, true)
      const cards = page.getByTestId('suggestion-card')
      await cards.first().waitFor({ timeout: 30_000 })
      expect(await cards.count(), 'the held demo has cards on open tickets').toBeGreaterThanOrEqual(3)
      expect(await page.getByTestId('card-body').count(), 'cards start collapsed').toBe(0)
      const shownTickets = await page.locator('[data-testid="card-line"] .ticket').allInnerTexts()
      const openTickets = (await openTicketCards(engine)).map((card) => card.ticketId)
      expect(
        shownTickets.filter((ticketId) => !openTickets.includes(ticketId.trim())),
        'no card of a resolved ticket'
      ).toEqual([])
      const lineHeights = await page
        .getByTestId('card-line')
        .evaluateAll((lines) => lines.map((line) => line.getBoundingClientRect().height))
      expect(Math.max(...lineHeights), 'a collapsed card is one line').toBeLessThan(36)
      expect(await truncatedInHeader(page), 'nothing in the header is cut off at 380 px').toEqual([])
      await checkScreen(page, 'overlay', scheme)

      // Keyboard: j and k move the selection (and the focus, the only Tab stop in the list); Enter opens the card.
      await page.keyboard.press('j')
      const second = await cards.nth(1).getAttribute('data-suggestion-id')
      await expect.poll(() => focusedCardId(page)).toBe(second)
      await page.keyboard.press('k')
      const first = await cards.first().getAttribute('data-suggestion-id')
      await expect.poll(() => focusedCardId(page)).toBe(first)
      await page.keyboard.press('Enter')
      const card = page.locator(`[data-testid="suggestion-card"][data-suggestion-id="${first}"]`)
      await card.getByTestId('card-body').waitFor({ timeout: 5_000 })
      const buttonTops = await card
        .getByRole('group', { name: 'Card actions' })
        .getByRole('button')
        .evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top)))
      expect(new Set(buttonTops).size, 'the actions stand in one row').toBe(1)
      await checkScreen(page, 'overlay-expanded', scheme)

      // c adopts the selected card: its text is on the clipboard, the button says so, the engine records it.
      const adopt = card.getByTestId('adopt')
      await page.keyboard.press('c')
      if (await card.getByTestId('risk-confirm').count()) await page.keyboard.press('c')
      await expect.poll(() => adopt.innerText(), { timeout: 10_000 }).toBe('Copied ✓')
      const text = await card.getByTestId('card-text').innerText()
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text)
      await expect.poll(() => feedbackOf(first!), { timeout: 10_000 }).toContain('adopted')

      // Asking opens the answer above the field, in the flow: the list shrinks but scrolls, and no card button
      // (nor the snooze choices) hides under the answer at the default size.
      await page.keyboard.press('/')
      await page.keyboard.type('What fixed this last time?')
      await page.keyboard.press('Enter')
      await expect
        .poll(() => page.getByTestId('ask-answer').getAttribute('aria-busy'), { timeout: 30_000 })
        .toBe('false')
      const actions = card.getByRole('group', { name: 'Card actions' }).getByRole('button')
      expect(await actions.count()).toBeGreaterThanOrEqual(5)
      expect(await coveredAfterScrolling(actions), 'card buttons reachable with an answer open').toEqual([])
      await checkScreen(page, 'overlay-ask', scheme)
      await page.keyboard.press('Escape')
      await page.keyboard.press('s')
      const snoozeChoices = page.getByTestId('snooze-choices').getByRole('button')
      await snoozeChoices.first().waitFor({ timeout: 5_000 })
      expect(
        await coveredAfterScrolling(snoozeChoices),
        'snooze choices reachable with an answer open'
      ).toEqual([])
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: 'Clear the answer' }).click()

      // ? shows every key, and the global shortcuts as configured.
      await page.keyboard.press('Escape')
      await page.keyboard.press('?')
      const help = page.getByTestId('overlay-help')
      await help.waitFor({ timeout: 5_000 })
      await expect.poll(() => help.getByTestId('global-shortcuts').innerText()).toContain('Ctrl+Shift+Space')
      await checkScreen(page, 'overlay-help', scheme)
      await page.keyboard.press('Escape')
      await help.waitFor({ state: 'detached', timeout: 5_000 })

      // s snoozes the selected card's ticket: its cards leave until the snooze ends or the analyst wakes it.
      const ticketId = (await card.locator('.ticket').innerText()).trim()
      const ofTicket = page.locator('[data-testid="card-line"] .ticket', { hasText: ticketId })
      const before = await ofTicket.count()
      await page.keyboard.press('s')
      await page.getByTestId('snooze-choices').waitFor({ timeout: 5_000 })
      await page.keyboard.press('Enter')
      await expect.poll(() => ofTicket.count()).toBe(0)
      await page.getByRole('button', { name: '1 ticket snoozed' }).click()
      await expect(page.getByTestId('snoozed-ticket').innerText()).resolves.toContain(ticketId)
      await checkScreen(page, 'overlay-snoozed', scheme)
      await page.getByRole('button', { name: 'Show now' }).click()
      await expect.poll(() => ofTicket.count()).toBe(before)
      await page.close()
    })

    it(`workbench tickets with an escalation card (${scheme})`, async () => {
      const page = await open('/', scheme)
      const row = page.locator('[data-testid="ticket-row"]', { hasText: escalatedTicket }).first()
      await row.click({ timeout: 30_000 })
      await page.locator('[data-testid="conversation"]').waitFor({ timeout: 10_000 })
      await page.locator('.card.escalation').first().waitFor({ timeout: 10_000 })
      // The alert is pinned above the ticket's other cards, as in the overlay.
      expect(await page.locator('[data-testid="suggestion-card"]').first().getAttribute('class')).toContain(
        'escalation'
      )
      await checkScreen(page, 'workbench-tickets', scheme)
      // A dismissed card stays in the ticket's list, set apart but still readable.
      const card = page.locator('[data-testid="suggestion-card"]').last()
      const dismiss = card.getByRole('button', { name: 'Dismiss', exact: true })
      if (await dismiss.isEnabled()) await dismiss.click()
      await card.and(page.locator('.dismissed')).waitFor({ timeout: 10_000 })
      await checkScreen(page, 'workbench-dismissed', scheme)
      await page.close()
    })

    it(`tickets filtered and searched, reached with the keyboard (${scheme})`, async () => {
      const page = await open('/', scheme)
      const selected = page.locator('[role="option"][aria-selected="true"]')
      await selected.waitFor({ timeout: 30_000 })
      // Opens on the most recently active open ticket, or the latest resolved one once the demo is over.
      const all = await call<TicketSummary[]>('tickets.list', {})
      const byActivity = (list: TicketSummary[]) =>
        [...list].sort((a, b) =>
          (b.lastMessageAt ?? b.updatedAt).localeCompare(a.lastMessageAt ?? a.updatedAt)
        )
      const openTickets = byActivity(all.filter((t) => !['resolved', 'closed'].includes(t.status)))
      const expected = (openTickets[0] ?? byActivity(all)[0])!.id
      expect(await selected.getAttribute('data-ticket-id')).toBe(expected)
      // One Tab stop for the whole list: only one option is tabbable, and the arrow keys move the selection.
      expect(await page.locator('[role="option"][tabindex="0"]').count()).toBe(1)
      expect(await page.locator('[role="option"]').count()).toBe(all.length)
      await selected.focus()
      await page.keyboard.press('ArrowDown')
      await expect.poll(() => selected.getAttribute('data-ticket-id')).not.toBe(expected)
      const withAlert = all.filter((t) => t.escalation).map((t) => t.id)
      expect(withAlert.length, 'the demo raises escalation alerts').toBeGreaterThan(0)
      await page.getByTestId('ticket-attention').selectOption('escalation')
      await expect
        .poll(() =>
          page
            .locator('[role="option"]')
            .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.ticketId))
        )
        .toEqual(expect.arrayContaining(withAlert))
      expect(await page.locator('[role="option"]').count()).toBe(withAlert.length)
      await checkScreen(page, 'workbench-tickets-filtered', scheme)
      // Message text is searched by the engine: a phrase only a message holds finds its ticket.
      await page.getByTestId('ticket-attention').selectOption('all')
      await page.getByTestId('ticket-search').fill('bypass link')
      await page.getByTestId('ticket-excerpt').first().waitFor({ timeout: 10_000 })
      const found = await page
        .locator('[role="option"]')
        .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.ticketId))
      const hits = await call<{ ticketId: string }[]>('tickets.search', { query: 'bypass link' })
      expect(found.sort()).toEqual(hits.map((hit) => hit.ticketId).sort())
      await checkScreen(page, 'workbench-tickets-searched', scheme)
      // A search that matches nothing says so and clears the conversation it had open (no stale ticket beside it).
      await page.getByTestId('ticket-search').fill('zzqx nothing matches')
      await page.getByTestId('conversation-no-match').waitFor({ timeout: 10_000 })
      await page.waitForTimeout(500)
      expect(await page.getByTestId('no-ticket-match').innerText()).toBe(
        'No ticket matches “zzqx nothing matches”.'
      )
      expect(await page.getByTestId('conversation').innerText()).toBe(
        'No ticket matches “zzqx nothing matches”.'
      )
      expect(await page.locator('[data-testid="conversation"] .message').count()).toBe(0)
      await checkScreen(page, 'workbench-tickets-no-match', scheme)
      await page.close()
    })

    it(`the case tracker beside the conversation (${scheme})`, async () => {
      const page = await open('/', scheme)
      await page.locator('[role="option"][aria-selected="true"]').waitFor({ timeout: 30_000 })
      // Each restart of the demo plays the cases again, later (NIM-1001-r2, -r3): tickets of an early pass resolved
      // more than the retention ago have left memory and the list, so the case is taken from the pass still listed.
      for (const caseId of ['NIM-1001', 'NIM-1010', 'NIM-1027']) {
        const row = page.locator(`[role="option"][data-ticket-id^="${caseId}"]`).first()
        const ticketId = (await row.getAttribute('data-ticket-id'))!
        await row.click()
        const tracker = page.getByTestId('case-tracker')
        await tracker.locator('[data-testid="tracker-problem"] q').first().waitFor({ timeout: 10_000 })
        const text = await tracker.innerText()
        const detail = await call<TicketDetail>('tickets.get', { ticketId })
        // As quoted on screen: the customer's own double quotes within the quote take single marks.
        expect(text).toContain(quotedText(detail.tracker!.problem[0]!.quote!))
        if (scheme === 'light') console.log(`case tracker of ${ticketId}:\n${text}\n`)
      }
      await checkScreen(page, 'case-tracker', scheme)
      await page.close()
    })

    it(`knowledge and the review queue (${scheme})`, async () => {
      const page = await open('/', scheme)
      await openTab(page, 'Knowledge')
      await page.locator('[data-testid="knowledge-list"] li').first().waitFor({ timeout: 30_000 })
      await checkScreen(page, 'knowledge', scheme, true)
      // An entry opened: its provenance timeline and version history have their own colours.
      await page.getByRole('button', { name: 'Details and provenance' }).first().click()
      await page.getByRole('button', { name: 'History', exact: true }).first().click()
      await page.getByRole('button', { name: 'Hide history' }).first().waitFor({ timeout: 10_000 })
      await page.waitForTimeout(500)
      await checkScreen(page, 'knowledge-details', scheme)
      await page.getByTestId('knowledge-view-review').click()
      await expect
        .poll(() => page.getByTestId('knowledge-view-review').getAttribute('aria-pressed'))
        .toBe('true')
      await page.waitForTimeout(500)
      await checkScreen(page, 'review-queue', scheme, true)
      await page.close()
    })

    it(`settings with an invalid field (${scheme})`, async () => {
      const page = await open('/', scheme)
      await openTab(page, 'Settings')
      await page.getByTestId('settings-page-pipeline').click()
      const field = page.locator('input[name="pipeline.answerThreshold"]')
      await field.fill('5')
      const error = page.getByTestId('field-error').first()
      await error.waitFor({ timeout: 10_000 })
      expect(await error.innerText()).toBe('must be 1 or less')
      // Saved from another page: nothing is saved, the field's page opens with the field focused, the problem listed.
      await page.getByTestId('settings-page-general').click()
      await page.getByRole('button', { name: 'Save settings' }).click()
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
        .toBe('pipeline.answerThreshold')
      await expect(page.getByTestId('settings-error').innerText()).resolves.toContain(
        'Pipeline › Answer threshold: must be 1 or less'
      )
      const stored = await call<{ settings: { pipeline: { answerThreshold: number } } }>('settings.get', {})
      expect(stored.settings.pipeline.answerThreshold).toBeLessThanOrEqual(1)
      await checkScreen(page, 'settings-error', scheme)
      await page.close()
    })

    it(`settings: a server model marks its empty address only once left; a pattern matching everything is refused (${scheme})`, async () => {
      const page = await open('/', scheme)
      await openTab(page, 'Settings')
      await page.getByTestId('settings-page-model').click()
      await page.locator('select[name="llm.mode"]').selectOption('remote')
      const url = page.locator('input[name="llm.remoteUrl"]')
      await url.waitFor({ timeout: 10_000 })
      await page.waitForTimeout(300)
      expect(await page.getByTestId('field-error').count()).toBe(0)
      await checkScreen(page, 'settings-model-server', scheme)
      await url.focus()
      await page.locator('input[name="llm.remoteModel"]').focus()
      await expect
        .poll(() => page.locator('[id="problem-llm.remoteUrl"]').innerText(), { timeout: 10_000 })
        .toBe("must be the server's address when the model is a server")

      await page.getByTestId('settings-page-escalation').click()
      const rule = page.getByTestId('escalation-rule').first()
      await rule.getByRole('button', { name: 'Edit' }).click()
      await rule.locator('textarea[name="escalation.rules.0.patterns"]').fill('.*')
      const problem = rule.getByTestId('field-error')
      await expect
        .poll(() => problem.innerText(), { timeout: 10_000 })
        .toMatch(/^line 1 pattern \.\* is refused: it matches an empty message/)
      await rule.locator('textarea[name="escalation.rules.0.patterns"]').scrollIntoViewIfNeeded()
      await checkScreen(page, 'settings-escalation-pattern-error', scheme)
      await page.close()
    })

    it(`settings with a global shortcut two actions share (${scheme})`, async () => {
      const page = await open('/', scheme)
      await openTab(page, 'Settings')
      const field = page.locator('input[name="overlay.shortcuts.dismiss"]')
      await field.fill('Alt+Shift+C')
      const problem = page.locator('[id="problem-overlay.shortcuts.dismiss"]')
      await expect.poll(() => problem.innerText(), { timeout: 10_000 }).toContain('is also the shortcut for')
      await expect(field.getAttribute('aria-invalid')).resolves.toBe('true')
      await page.locator('[data-testid="shortcut-settings"]').scrollIntoViewIfNeeded()
      await checkScreen(page, 'settings-shortcut-error', scheme)
      await page.close()
    })

    it(`every control the keyboard reaches shows its focus (${scheme})`, async () => {
      for (const [path, viewport] of [
        ['/overlay.html', defaultOverlaySize],
        ['/', { width: 1280, height: 800 }]
      ] as const) {
        const page = await open(path, scheme, viewport)
        await page.locator('button').first().waitFor({ timeout: 30_000 })
        const unseen: string[] = []
        const seen = new Set<string>()
        for (let stop = 0; stop < maxTabStops; stop++) {
          await page.keyboard.press('Tab')
          const focus = await page.evaluate(() => {
            const element = document.activeElement
            if (!element || element === document.body) return null
            const style = getComputedStyle(element)
            const label = element.getAttribute('aria-label') ?? (element.textContent ?? '').trim()
            return {
              name: `${element.tagName.toLowerCase()} "${label.slice(0, 40)}"`,
              visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
              labelled: label.length > 0 || element.tagName === 'INPUT' || element.tagName === 'TEXTAREA'
            }
          })
          if (!focus) continue
          seen.add(focus.name)
          if (!focus.visible) unseen.push(`${focus.name}: no focus outline`)
          if (!focus.labelled) unseen.push(`${focus.name}: no accessible name`)
        }
        expect(seen.size, `${path}: the keyboard reaches controls`).toBeGreaterThan(3)
        expect([...new Set(unseen)], `${path} (${scheme}): focus must be visible`).toEqual([])
        await page.close()
      }
    })

    it(`analytics (${scheme})`, async () => {
      const page = await open('/', scheme)
      await openTab(page, 'Analytics')
      await page.getByTestId('analytics-tiles').waitFor({ timeout: 30_000 })
      // Each rate says its base ("1 of 5 sendable cards"), next to "Suggestions shown".
      expect(await page.getByTestId('analytics-tiles').textContent()).toMatch(
        /Adopted.*\d+ of \d+ sendable card/
      )
      // Opens on everything recorded, as `vigil stats` does, and says which days that is.
      expect(await page.getByTestId('analytics-period').innerText()).toMatch(
        /^Figures for everything recorded: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/
      )
      expect(await page.getByTestId('top-heading').innerText()).toBe('Top knowledge, everything recorded')
      await page.locator('figure.chart canvas').first().waitFor({ timeout: 10_000 })
      await page.waitForTimeout(500)
      await checkScreen(page, 'analytics', scheme, true)
      await page.locator('select[name="period"]').selectOption('30')
      await expect
        .poll(() => page.getByTestId('top-heading').innerText(), { timeout: 10_000 })
        .toBe('Top knowledge, last 30 days')
      await expect
        .poll(() => page.getByTestId('analytics-period').innerText(), { timeout: 10_000 })
        .toMatch(/^Figures for last 30 days: since \d{4}-\d\d-\d\d$/)
      // Days of one's choice: a backwards range is refused in words at the fields, nothing asked.
      await page.locator('select[name="period"]').selectOption('custom')
      await expect
        .poll(() => page.getByTestId('analytics-period').innerText(), { timeout: 10_000 })
        .toMatch(/^Figures for chosen days: \d{4}-\d\d-\d\d/)
      await page.locator('input[name="from"]').fill('2099-01-01')
      await expect
        .poll(() => page.locator('#analytics-problem').innerText(), { timeout: 10_000 })
        .toBe('The first day is after the last day: swap them.')
      await checkScreen(page, 'analytics-custom-days', scheme)
      await page.close()
    })

    it(`connections (${scheme})`, async () => {
      const page = await open('/', scheme)
      await openTab(page, 'Connections')
      await page.getByRole('heading').first().waitFor({ timeout: 10_000 })
      await page.waitForTimeout(500)
      await checkScreen(page, 'connections', scheme, true)
      await page.getByRole('button', { name: 'Add connection' }).click()
      await page.getByRole('form', { name: 'Add a connection' }).waitFor({ timeout: 10_000 })
      await checkScreen(page, 'connection-form', scheme)
      // Every invalid field marked in place, in words; fixing one clears its mark, nothing else.
      await page.locator('input[name="id"]').fill('RT Local')
      await page.locator('input[name="baseUrl"]').fill('localhost:8080')
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await expect(page.getByTestId('connection-refusal').innerText()).resolves.toBe(
        'Nothing was saved: 2 fields need a fix.'
      )
      await expect(page.getByTestId('field-error').allInnerTexts()).resolves.toEqual([
        'must be lower-case letters, digits and dashes, starting with a letter or digit, e.g. rt-local',
        'must be an http:// or https:// address without a user name or password, e.g. https://support.example.com'
      ])
      await checkScreen(page, 'connection-form-errors', scheme)
      await page.locator('input[name="id"]').fill('rt-local')
      await expect.poll(() => page.getByTestId('field-error').count()).toBe(1)
      expect(await call<unknown[]>('connections.list', {})).toEqual([])
      await page.close()
    })

    it(`a start-up warning: the banner and the header's count stay readable (${scheme})`, async () => {
      // A second engine whose settings file holds a value out of range: warned about at start, in the header's
      // dark bar (both schemes) and in the banner. The main engine's warnings are cleared by its settings updates.
      const warnedDir = mkdtempSync(join(tmpdir(), 'vigil-screens-warned-'))
      writeFileSync(join(warnedDir, 'settings.json'), JSON.stringify({ pipeline: { cooldownSeconds: -5 } }))
      const logger = createJsonLogger({ quiet: true })
      const warned = createEngine(
        createNodeHost({ dataDir: warnedDir, resourcesDir: defaultResourcesDir(), logger }),
        { source: { kind: 'demo', speed: 'max' } }
      )
      await warned.start()
      const host = await startServeHost({ engine: warned, rendererDir: defaultRendererDir() })
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
        await page.emulateMedia({ colorScheme: scheme })
        await page.goto(`${host.url}/?token=${host.token}`)
        await page.getByTestId('warnings').waitFor({ timeout: 30_000 })
        expect(await page.getByTestId('warnings').innerText()).toContain('pipeline.cooldownSeconds')
        expect(await page.locator('header.top .warn').innerText()).toBe('⚠ 1')
        await checkScreen(page, 'workbench-startup-warning', scheme)
        await page.close()
      } finally {
        await host.close()
        await warned.stop()
        rmSync(warnedDir, { recursive: true, force: true })
      }
    })

    it(`an old link (a token from an earlier run) explains itself (${scheme})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.emulateMedia({ colorScheme: scheme })
      const response = await page.goto(`${server.url}/?token=from-an-earlier-run`)
      expect(response?.status()).toBe(401)
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
        'This Vigil link is out of date'
      )
      await expect(page.locator('body').innerText()).resolves.toContain('vigil serve printed')
      await checkScreen(page, 'old-link', scheme)
      await page.close()
    })
  }
})
