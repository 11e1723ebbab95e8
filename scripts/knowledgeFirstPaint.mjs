/* global document */
/**
 * The workbench's Knowledge screen on a large team, in Chromium through `vigil serve`: how long after the tab is
 * clicked the first entry is drawn (and after the page was opened), how long the next page takes on scrolling, with
 * screenshots of both. `--root` picks the checkout whose built app is served (default this one), so the same script
 * measures main on a copy of the same data folder.
 *
 *   node scripts/knowledgeFirstPaint.mjs --data-dir DIR [--root /work/main] [--out test-artifacts] [--name big]
 *
 * Prints one JSON object; the screenshots go to `<out>/knowledge-<name>-first.png` and `-scrolled.png`.
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const here = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    root: { type: 'string', default: here },
    out: { type: 'string', default: join(here, 'test-artifacts') },
    name: { type: 'string', default: 'big' },
    'timeout-ms': { type: 'string', default: '600000' }
  }
})
if (!values['data-dir']) throw new Error('--data-dir DIR is required')
const timeout = Number(values['timeout-ms'])
mkdirSync(values.out, { recursive: true })

const serving = spawn(
  process.execPath,
  [
    join(resolve(values.root), 'bin', 'vigil.mjs'),
    'serve',
    '--data-dir',
    resolve(values['data-dir']),
    '--port',
    '0'
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit']
  }
)
const startedServe = performance.now()
const workbenchUrl = await new Promise((resolveUrl, reject) => {
  let text = ''
  serving.stdout.on('data', (chunk) => {
    text += chunk
    const found = /Workbench: (\S+)/.exec(text)
    if (found) resolveUrl(found[1])
  })
  serving.on('exit', (code) => reject(new Error(`vigil serve exited with ${code}: ${text}`)))
})
const serveReadyMs = performance.now() - startedServe

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
})
const result = { root: resolve(values.root), serveReadyMs: Math.round(serveReadyMs) }
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const opened = performance.now()
  await page.goto(workbenchUrl)
  await page.getByRole('tab', { name: 'Knowledge' }).waitFor({ timeout })
  const clicked = performance.now()
  await page.getByRole('tab', { name: 'Knowledge' }).click()
  const entries = page.locator('[data-testid="knowledge-entry"]')
  await entries.first().waitFor({ timeout })
  const painted = performance.now()
  result.firstEntryAfterClickMs = Math.round(painted - clicked)
  result.firstEntryAfterOpenMs = Math.round(painted - opened)
  result.listed = await entries.count()
  result.count = await page.getByTestId('knowledge-count').textContent()
  result.shown = await page
    .getByTestId('knowledge-shown')
    .textContent()
    .catch(() => null)
  await page.screenshot({ path: join(values.out, `knowledge-${values.name}-first.png`) })
  // Scrolling to the end lists the next page (where the app pages at all).
  const before = result.listed
  const scrolled = performance.now()
  await page.locator('[data-testid="knowledge-list"] > li').last().scrollIntoViewIfNeeded()
  await page.mouse.wheel(0, 100000)
  const grew = await page
    .waitForFunction((n) => document.querySelectorAll('[data-testid="knowledge-entry"]').length > n, before, {
      timeout: 60_000
    })
    .then(() => true)
    .catch(() => false)
  result.nextPageMs = grew ? Math.round(performance.now() - scrolled) : null
  result.listedAfterScroll = await entries.count()
  result.shownAfterScroll = await page
    .getByTestId('knowledge-shown')
    .textContent()
    .catch(() => null)
  await page.screenshot({ path: join(values.out, `knowledge-${values.name}-scrolled.png`) })
} finally {
  await browser.close()
  serving.kill('SIGINT')
}
process.stdout.write(`${JSON.stringify(result)}\n`)
