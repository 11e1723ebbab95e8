/**
 * Where the app's files are, and where each window's page comes from. Pure path and URL logic, so that the rules
 * (never trust a dev server URL in a packaged app; only loopback dev servers) are unit tested.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export type RendererPage = 'index' | 'overlay'

/** What a window loads: the dev server in development, a built file otherwise. */
export type RendererSource = { kind: 'url'; url: string } | { kind: 'file'; path: string }

/** The built app's layout, relative to the folder holding `out/main/index.js`. */
export interface AppLayout {
  /** The sandboxed preload, built as CommonJS (`out/preload/index.cjs`). */
  preloadPath: string
  /** Built renderer pages (`out/renderer`). */
  rendererDir: string
}

export function appLayout(mainDir: string): AppLayout {
  return {
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer')
  }
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The dev server's origin, or null when it must not be used: in a packaged app (an environment variable must not
 * be able to point the app, and its IPC trust, at another site), when unset, or when not an http(s) loopback URL.
 */
export function devServerOrigin(envUrl: string | undefined, isPackaged: boolean): string | null {
  if (isPackaged || !envUrl) return null
  let url: URL
  try {
    url = new URL(envUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (!loopbackHosts.has(url.hostname)) return null
  return url.origin
}

export function rendererSource(
  page: RendererPage,
  devOrigin: string | null,
  rendererDir: string
): RendererSource {
  if (devOrigin) return { kind: 'url', url: `${devOrigin}/${page}.html` }
  return { kind: 'file', path: join(rendererDir, `${page}.html`) }
}

/** The exact URLs our windows may show; anything else is not trusted to call the engine. */
export interface RendererTrust {
  /** The dev server origin in development, null otherwise. */
  devOrigin: string | null
  /** `file://` URLs of the built pages. */
  pageFileUrls: string[]
}

export function rendererTrust(devOrigin: string | null, rendererDir: string): RendererTrust {
  const pages: RendererPage[] = ['index', 'overlay']
  return {
    devOrigin,
    pageFileUrls: pages.map((page) => pathToFileURL(join(rendererDir, `${page}.html`)).href)
  }
}

/** Resources shipped with the app (`resources/`): copied beside app.asar when packaged, in the project in dev. */
export function resourcesDir(options: {
  isPackaged: boolean
  appPath: string
  resourcesPath: string
}): string {
  return options.isPackaged ? join(options.resourcesPath, 'resources') : join(options.appPath, 'resources')
}
