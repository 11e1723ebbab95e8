/** The security settings every Vigil window gets, and the Content-Security-Policy sent with our pages. */

/** The subset of Electron's `WebPreferences` Vigil sets; Electron's type checks it where windows are built. */
export interface SecureWebPreferences {
  preload: string
  contextIsolation: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  sandbox: true
  webSecurity: true
  allowRunningInsecureContent: false
  experimentalFeatures: false
  webviewTag: false
  navigateOnDragDrop: false
  spellcheck: false
}

/**
 * Web preferences for every window: the page runs sandboxed with no Node.js, and reaches the main process only
 * through what the preload exposes (`window.vigil`). There is no `remote` module: Electron removed it.
 */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false
  }
}

/**
 * The Content-Security-Policy header for our pages. Built pages carry the same policy as a meta tag (file://
 * responses have no headers); this header covers the dev server, which additionally needs its origin and its
 * hot-reload WebSocket in `connect-src`, and inline `<style>` tags (Vite injects component styles that way).
 */
export function contentSecurityPolicy(devOrigin: string | null): string {
  const connect = ["'self'"]
  const style = ["'self'"]
  if (devOrigin) {
    const url = new URL(devOrigin)
    const socket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`
    connect.push(devOrigin, socket)
    style.push("'unsafe-inline'")
  }
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', style],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', connect],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]]
  ]
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}

/**
 * Response headers with our CSP added, replacing any CSP the server sent (header names are case-insensitive, so
 * `content-security-policy` in any spelling is dropped first).
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value
  }
  result['Content-Security-Policy'] = [policy]
  return result
}
