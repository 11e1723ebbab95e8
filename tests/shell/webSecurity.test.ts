import { describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  secureWebPreferences,
  withContentSecurityPolicy
} from '../../src/main/shell/policy/webSecurity'

/** Parses a CSP string into directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/)
      return [name, sources] as const
    })
  )
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page, with no Node.js and our preload', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })
})

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and nothing embedded, framed or based elsewhere', () => {
    const policy = directives(contentSecurityPolicy(null))
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
    expect(contentSecurityPolicy(null)).not.toMatch(/unsafe-eval/)
  })

  it('adds the dev server and its hot-reload socket to connect-src in development', () => {
    const policy = directives(contentSecurityPolicy('http://localhost:5173'))
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173'])
    expect(policy.get('script-src')).toEqual(["'self'"])
  })
})

describe('withContentSecurityPolicy', () => {
  it('replaces any CSP the server sent, whatever its spelling, and keeps other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      "default-src 'self'"
    )
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"]
    })
  })

  it('works when the response has no headers at all', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})
