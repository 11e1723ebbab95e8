import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServeHost } from '../../src/main/serve/httpServer'
import { contentSecurityPolicy } from '../../src/main/serve/responses'
import { FakeEngine } from './fakeEngine'
import { send } from './httpClient'
import { indexHtml, startFixture, type ServeFixture } from './serveFixture'

let fixture: ServeFixture
let port: number
let bearer: Record<string, string>

beforeAll(async () => {
  fixture = await startFixture()
  port = fixture.server.port
  bearer = { authorization: `Bearer ${fixture.server.token}` }
})
afterAll(() => fixture.close())

describe('startServeHost: access', () => {
  it('uses a fresh random base64url token per run and a loopback URL', async () => {
    expect(fixture.server.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fixture.server.url).toBe(`http://127.0.0.1:${port}`)
    const other = await startFixture()
    expect(other.server.token).not.toBe(fixture.server.token)
    await other.close()
  })

  it('answers 401 to a page or file asked for without the token (curl too), saying the link is out of date', async () => {
    for (const path of ['/', '/overlay.html?token=from-an-earlier-run']) {
      const reply = await send(port, path, { headers: { accept: '*/*' } })
      expect(reply.status).toBe(401)
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(reply.body).toContain('<h1>This Vigil link is out of date</h1>')
    }
    const script = await send(port, '/assets/app.js', { headers: { accept: '*/*' } })
    expect(script.status).toBe(401)
    expect(script.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(script.body).toContain('link that vigil serve printed')
    const post = await send(port, '/', { method: 'POST' })
    expect([post.status, post.body]).toEqual([401, ''])
  })

  it('tells a browser opening an old link (wrong or missing token) that it is out of date, and what to open', async () => {
    const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
    for (const path of ['/?token=from-an-earlier-run', '/overlay.html', '/']) {
      const reply = await send(port, path, { headers: { accept: html } })
      expect(reply.status).toBe(401)
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(reply.headers['content-security-policy']).toBe(contentSecurityPolicy)
      expect(reply.body).toContain('<h1>This Vigil link is out of date</h1>')
      expect(reply.body).toContain('link that <code>vigil serve</code> printed')
      expect(reply.body).not.toContain('<script')
    }
  })

  it('answers an API call without the token with the engine error shape, saying what to open', async () => {
    const reply = await send(port, '/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer old' },
      body: JSON.stringify({ route: 'engine.status', input: {} })
    })
    expect(reply.status).toBe(401)
    const result = JSON.parse(reply.body) as { ok: boolean; error: { code: string; message: string } }
    expect(result.ok).toBe(false)
    expect(result.error.code).toBe('FORBIDDEN')
    expect(result.error.message).toContain('link that vigil serve printed')
  })

  it('answers 401 to a wrong token, wherever it is offered', async () => {
    expect((await send(port, '/', { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
    expect((await send(port, '/?token=nope')).status).toBe(401)
    expect((await send(port, '/', { headers: { cookie: `vigil_token_${port}=nope` } })).status).toBe(401)
  })

  it('serves the workbench to a bearer token, without setting a cookie', async () => {
    const reply = await send(port, '/', { headers: bearer })
    expect(reply.status).toBe(200)
    expect(reply.body).toBe(indexHtml)
    expect(reply.headers['set-cookie']).toBeUndefined()
  })

  it('sets an HttpOnly SameSite=Strict cookie for a page opened with ?token=, which then works alone', async () => {
    const reply = await send(port, `/overlay.html?token=${fixture.server.token}`)
    expect(reply.status).toBe(200)
    const cookie = reply.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toMatch(new RegExp(`^vigil_token_${port}=${fixture.server.token};`))
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    const asset = await send(port, '/assets/app.js', { headers: { cookie: cookie.split(';')[0]! } })
    expect(asset.status).toBe(200)
    expect(asset.body).toBe('console.log("vigil")')
  })

  it('refuses a foreign Host header with 403 even with the right token (DNS rebinding)', async () => {
    const reply = await send(port, '/', { headers: { ...bearer, host: `attacker.example:${port}` } })
    expect(reply.status).toBe(403)
    expect((await send(port, '/', { headers: { ...bearer, host: '127.0.0.1:1' } })).status).toBe(403)
    expect((await send(port, '/', { headers: { ...bearer, host: `localhost:${port}` } })).status).toBe(200)
  })

  it('refuses an API call from a foreign Origin', async () => {
    const reply = await send(port, '/api/call', {
      method: 'POST',
      headers: { ...bearer, origin: 'http://localhost:8080', 'content-type': 'application/json' },
      body: '{"route":"engine.status"}'
    })
    expect(reply.status).toBe(403)
  })
})

describe('startServeHost: static files', () => {
  it('serves files with their MIME type and the security headers', async () => {
    const script = await send(port, '/assets/app.js', { headers: bearer })
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const style = await send(port, '/assets/app.css', { headers: bearer })
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8')
    const page = await send(port, '/', { headers: bearer })
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy)
    expect(contentSecurityPolicy).toContain("script-src 'self'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
  })

  it('puts the security headers on refusals too', async () => {
    const reply = await send(port, '/')
    expect(reply.headers['content-security-policy']).toBe(contentSecurityPolicy)
  })

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt'
  ])('never serves a file outside the renderer folder: %s', async (path) => {
    const reply = await send(port, path, { headers: bearer })
    expect(reply.status).toBe(404)
    expect(reply.body).not.toContain('top secret')
  })

  it('does not follow a symbolic link out of the renderer folder', async () => {
    expect((await send(port, '/link.txt', { headers: bearer })).status).toBe(404)
  })

  it('answers 404 for a missing file and 405 for a POST to a page', async () => {
    expect((await send(port, '/missing.js', { headers: bearer })).status).toBe(404)
    expect((await send(port, '/', { method: 'POST', headers: bearer })).status).toBe(405)
  })
})

describe('startServeHost: start-up', () => {
  it('refuses to start without a built renderer and says to run npm run build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vigil-empty-'))
    await expect(startServeHost({ engine: new FakeEngine(), rendererDir: empty })).rejects.toThrow(
      /npm run build/
    )
    rmSync(empty, { recursive: true, force: true })
  })

  it('refuses to listen on a non-loopback address', async () => {
    await expect(
      startServeHost({ engine: new FakeEngine(), rendererDir: fixture.folder, host: '0.0.0.0' })
    ).rejects.toThrow(/loopback/)
  })
})
