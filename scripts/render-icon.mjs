// Renders resources/icon.svg to resources/icon.png (1024x1024) with Chromium: `node scripts/render-icon.mjs`.
// The PNG is committed; run this again only after editing the SVG.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'

const root = resolve(import.meta.dirname, '..')
const svg = readFileSync(resolve(root, 'resources/icon.svg'), 'utf8')
const size = 1024

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 })
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`
  )
  const png = await page.locator('svg').screenshot({ omitBackground: true })
  writeFileSync(resolve(root, 'resources/icon.png'), png)
  console.log(`resources/icon.png: ${png.length} bytes`)
} finally {
  await browser.close()
}
