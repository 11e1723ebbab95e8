/**
 * The whole product in a browser: the real engine replays the demo, `vigil serve`'s server hands the built
 * renderer to headless Chromium, an analyst likes a suggestion in the overlay, opens a ticket in the workbench and
 * asks Vigil about it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Suggestion } from '../../src/shared/domain'
import { createEngine } from '../../src/main/engine/createEngine'
import type { Engine } from '../../src/main/engine/types'
import { createJsonLogger } from '../../src/main/headless/jsonLogger'
import { createNodeHost } from '../../src/main/headless/nodeHost'
import { defaultRendererDir, defaultResourcesDir, findAppRoot } from '../../src/main/headless/paths'
import { startServeHost, type ServeHost } from '../../src/main/serve/httpServer'
import { defaultOverlaySize } from '../../src/main/shell/policy/overlayGeometry'
import { pauseWithOpenCards } from './demoPause'

const chromiumPath = '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
const artifacts = join(findAppRoot(), 'test-artifacts')
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

const title = hasChromium
  ? 'vigil serve + demo in Chromium'
  : `vigil serve + demo in Chromium (SKIPPED: ${chromiumPath} not found; install it with apt-get install -y chromium)`

describe.skipIf(!hasChromium)(title, () => {
  let dataDir: string
  let engine: Engine
  let server: ServeHost
  let browser: Browser

  beforeAll(async () => {
    const rendererDir = defaultRendererDir()
    if (!existsSync(join(rendererDir, 'overlay.html'))) {
      throw new Error(
        `The renderer is not built (${rendererDir}/overlay.html is missing): run \`npm run build\` first.`
      )
    }
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'))
    const logger = createJsonLogger({ quiet: true })
    engine = createEngine(createNodeHost({ dataDir, resourcesDir: defaultResourcesDir(), logger }), {
      source: { kind: 'demo', speed: 'max' }
    })
    // The overlay shows cards of open tickets only, and at full speed every ticket resolves in moments: the demo is
    // held once a card stands on an open ticket.
    const held = pauseWithOpenCards(engine, 1)
    await engine.start()
    await held
    server = await startServeHost({ engine, rendererDir })
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    mkdirSync(artifacts, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await engine?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  /** Opens a page with the token; `problems` collects script errors, CSP violations and failed requests. */
  async function openPage(
    path: string,
    viewport = { width: 1280, height: 800 }
  ): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport })
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
    page.on('console', (message) => {
      const text = message.text()
      // Failed requests are reported with their status by the response listener below.
      if (message.type() !== 'error' || /Failed to load resource/.test(text)) return
      problems.push(`console: ${text}`)
    })
    page.on('response', (response) => {
      if (response.status() >= 400)
        problems.push(`HTTP ${response.status()} ${new URL(response.url()).pathname}`)
    })
    const response = await page.goto(`${server.url}${path}?token=${server.token}`)
    expect(response?.status(), `${path} should load`).toBe(200)
    return { page, problems }
  }

  it('refuses a request without the token', async () => {
    expect((await fetch(`${server.url}/overlay.html`)).status).toBe(401)
    const call = await fetch(`${server.url}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'suggestions.list', input: {} })
    })
    expect(call.status).toBe(401)
  })

  it('records a Like clicked on an overlay suggestion card in the engine', async () => {
    // The size the Electron overlay window has on a desktop.
    const { page, problems } = await openPage('/overlay.html', defaultOverlaySize)
    const firstCard = page.locator('[data-testid="suggestion-card"]').first()
    await firstCard.waitFor({ timeout: 60_000 })
    const suggestionId = await firstCard.getAttribute('data-suggestion-id')
    expect(suggestionId, 'cards carry data-suggestion-id').toBeTruthy()
    // Pin the card by id, and open it: a card is one line until opened.
    const card = page.locator(`[data-testid="suggestion-card"][data-suggestion-id="${suggestionId}"]`)
    await card.getByTestId('card-line').click()
    const like = card.getByRole('button', { name: 'Like', exact: true })
    await like.click()
    await expect.poll(() => like.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true')

    const recorded = async (): Promise<string[]> => {
      const result = await engine.call('suggestions.list', { limit: 500 })
      if (!result.ok) throw new Error(`suggestions.list failed: ${result.error.message}`)
      const suggestion = (result.value as Suggestion[]).find((item) => item.id === suggestionId)
      return suggestion?.feedback.map((feedback) => feedback.kind) ?? []
    }
    await expect.poll(recorded, { timeout: 10_000 }).toContain('liked')
    await card.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifacts, 'overlay.png') })
    expect(problems, 'no script errors or CSP violations in the overlay').toEqual([])
    await page.close()
  })

  it('shows a ticket and its conversation in the workbench', async () => {
    const { page, problems } = await openPage('/')
    const row = page.locator('[data-testid="ticket-row"]').first()
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    const conversation = page.locator('[data-testid="conversation"]')
    await conversation.waitFor({ timeout: 10_000 })
    await expect.poll(() => conversation.innerText(), { timeout: 10_000 }).not.toBe('')
    await page.screenshot({ path: join(artifacts, 'workbench.png'), fullPage: true })
    expect(problems, 'no script errors or CSP violations in the workbench').toEqual([])
    await page.close()
  })

  it('answers a question typed in the workbench ask box (retrieval-only, no model)', async () => {
    const { page, problems } = await openPage('/')
    const row = page.locator('[data-testid="ticket-row"]').first()
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    const input = page.getByTestId('ask-input')
    await input.fill('What fixed this for other customers?')
    await input.press('Enter')
    const answer = page.getByTestId('ask-answer')
    await expect.poll(() => answer.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false')
    const text = await page.getByTestId('ask-answer-text').innerText()
    expect(text, 'the answer comes from knowledge, or says that none matches').toMatch(
      /^From "|Nothing in the team's knowledge/
    )
    await page.screenshot({ path: join(artifacts, 'ask.png'), fullPage: true })
    expect(problems, 'no script errors or CSP violations while asking').toEqual([])
    await page.close()
  })
})
