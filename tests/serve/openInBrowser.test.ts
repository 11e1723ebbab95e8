/** `vigil serve --open` on a machine that cannot open a browser says so, with the link to open. */
import { describe, expect, it } from 'vitest'
import { openInBrowser } from '../../src/main/serve/serveCommand'

const url = 'http://127.0.0.1:4317/?token=abc'

function told(opener: { command: string; args: string[] }, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const lines: string[] = []
  openInBrowser(url, (line) => lines.push(line), opener, env)
  return new Promise((resolve) => setTimeout(() => resolve(lines), 800))
}

describe('serve --open', () => {
  it('says it could not open a browser, and the link, when the opener is missing', async () => {
    const lines = await told({ command: '/nonexistent/xdg-open', args: [] })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('could not open a browser')
    expect(lines[0]).toContain(`Open this link yourself: ${url}`)
    if (process.platform === 'linux') expect(lines[0]).toContain('this machine has no display')
  })

  it('says so when the opener finds no browser (it fails)', async () => {
    const lines = await told({ command: 'sh', args: ['-c', 'exit 3', 'sh'] }, { DISPLAY: ':0' })
    expect(lines).toEqual([
      `vigil serve: could not open a browser: sh ended with code 3. Open this link yourself: ${url}\n`
    ])
  })

  it('says nothing when the browser opened', async () => {
    expect(await told({ command: 'sh', args: ['-c', 'exit 0', 'sh'] })).toEqual([])
  })
})
