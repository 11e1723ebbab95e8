/**
 * App-wide hardening, applied to every webContents Electron creates (ours and any other): no new windows, no
 * navigation away from the page, no <webview>, no permissions, and a strict Content-Security-Policy.
 */
import { app, session, type WebContents } from 'electron'
import type { Logger } from '../engine/host'
import { isSamePageNavigation } from './policy/senderTrust'
import { contentSecurityPolicy, withContentSecurityPolicy } from './policy/webSecurity'

/** Call before the app is ready: sandboxes every renderer and hardens each webContents as it is created. */
export function hardenBeforeReady(logger: Logger): void {
  app.enableSandbox()
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, logger))
}

/** Call once the app is ready: the default session's CSP header and permission policy. */
export function applySessionPolicy(devOrigin: string | null): void {
  const policy = contentSecurityPolicy(devOrigin)
  const defaultSession = session.defaultSession
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) })
  })
  // Vigil needs no camera, microphone, notifications from pages, geolocation, or devices: refuse them all.
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  defaultSession.setPermissionCheckHandler(() => false)
  defaultSession.setDevicePermissionHandler(() => false)
}

function hardenContents(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('Refused to open a new window', { url: safeOrigin(url) })
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    if (isSamePageNavigation(contents.getURL(), event.url)) return
    event.preventDefault()
    logger.warn('Refused a navigation', { to: safeOrigin(event.url) })
  })
  contents.on('will-redirect', (event) => {
    if (isSamePageNavigation(contents.getURL(), event.url)) return
    event.preventDefault()
    logger.warn('Refused a redirect', { to: safeOrigin(event.url) })
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Log only the origin: a full URL may carry tokens. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'an invalid URL'
  }
}
