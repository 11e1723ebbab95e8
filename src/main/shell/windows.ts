/** The two windows: the workbench (a normal window) and the overlay (a small always-on-top panel in a corner). */
import { BrowserWindow, screen, type WebContents } from 'electron'
import type { Logger } from '../engine/host'
import type { Settings } from '../../shared/settings'
import { overlayBounds } from './policy/overlayGeometry'
import { createOverlayFocus, type OverlayFocus } from './policy/overlayFocus'
import { rendererSource, type RendererPage } from './policy/rendererSource'
import { secureWebPreferences } from './policy/webSecurity'

export interface WindowsOptions {
  /** Where the overlay starts (the stored settings); later changes arrive through applyOverlaySettings. */
  overlay: Settings['overlay']
  preloadPath: string
  rendererDir: string
  devOrigin: string | null
  logger: Logger
  /** Called whenever the overlay is shown or hidden (the tray menu follows it). */
  onOverlayVisibility: () => void
}

export interface Windows {
  openWorkbench(): void
  toggleOverlay(): void
  isOverlayVisible(): boolean
  /** Moves the overlay to the configured corner of the primary display and applies its opacity. */
  applyOverlaySettings(overlay: Settings['overlay']): void
  /** The webContents of every live window: the only senders IPC trusts, the only receivers of events. */
  contents(): WebContents[]
  /** The overlay's webContents (null once it is gone): the only sender that may claim the overlay's focus. */
  overlayContents(): WebContents | null
  /** Keyboard focus for the overlay's ask box; given back when the analyst leaves the overlay. */
  overlayFocus: OverlayFocus
  /** From now on the overlay really closes instead of hiding (the app is quitting). */
  allowClose(): void
}

const background = '#15171c'

export function createWindows(options: WindowsOptions): Windows {
  let workbench: BrowserWindow | null = null
  let closing = false
  let overlaySettings = options.overlay

  const load = (window: BrowserWindow, page: RendererPage): void => {
    const source = rendererSource(page, options.devOrigin, options.rendererDir)
    const loading = source.kind === 'url' ? window.loadURL(source.url) : window.loadFile(source.path)
    loading.catch((error: unknown) =>
      options.logger.error(`The ${page} page failed to load`, { error: String(error) })
    )
  }

  const overlay = createOverlayWindow(options, overlaySettings)
  overlay.on('close', (event) => {
    if (closing) return
    event.preventDefault()
    overlay.hide()
  })
  overlay.on('show', options.onOverlayVisibility)
  overlay.on('hide', options.onOverlayVisibility)
  const overlayFocus = createOverlayFocus(overlay)
  // Clicking back into the ticketing tool ends typing in the overlay: it becomes unfocusable again.
  overlay.on('blur', () => overlayFocus.release())
  overlay.on('hide', () => overlayFocus.release())
  load(overlay, 'overlay')

  const place = (): void => {
    if (overlay.isDestroyed()) return
    overlay.setBounds(overlayBounds(screen.getPrimaryDisplay().workArea, overlaySettings.corner))
    overlay.setOpacity(overlaySettings.opacity)
  }
  screen.on('display-metrics-changed', place)
  screen.on('display-removed', place)

  return {
    openWorkbench() {
      if (workbench && !workbench.isDestroyed()) {
        if (workbench.isMinimized()) workbench.restore()
        workbench.show()
        workbench.focus()
        return
      }
      const window = new BrowserWindow({
        width: 1280,
        height: 820,
        minWidth: 880,
        minHeight: 560,
        title: 'Vigil',
        show: false,
        backgroundColor: background,
        autoHideMenuBar: true,
        webPreferences: secureWebPreferences(options.preloadPath)
      })
      window.once('ready-to-show', () => window.show())
      window.on('closed', () => {
        if (workbench === window) workbench = null
      })
      workbench = window
      load(window, 'index')
    },
    toggleOverlay() {
      if (overlay.isDestroyed()) return
      if (overlay.isVisible()) overlay.hide()
      else overlay.showInactive()
    },
    isOverlayVisible: () => !overlay.isDestroyed() && overlay.isVisible(),
    applyOverlaySettings(settings) {
      overlaySettings = settings
      place()
    },
    contents: () =>
      [overlay, workbench]
        .filter((window): window is BrowserWindow => window !== null && !window.isDestroyed())
        .map((window) => window.webContents),
    overlayContents: () => (overlay.isDestroyed() ? null : overlay.webContents),
    overlayFocus,
    allowClose() {
      closing = true
    }
  }
}

function createOverlayWindow(options: WindowsOptions, settings: Settings['overlay']): BrowserWindow {
  const overlay = new BrowserWindow({
    ...overlayBounds(screen.getPrimaryDisplay().workArea, settings.corner),
    title: 'Vigil',
    show: false,
    frame: false,
    backgroundColor: background,
    opacity: settings.opacity,
    alwaysOnTop: true,
    // Never take focus: the analyst keeps typing in their ticketing tool while the overlay updates.
    focusable: false,
    skipTaskbar: true,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    webPreferences: secureWebPreferences(options.preloadPath)
  })
  // 'screen-saver' keeps the overlay above full-screen apps on macOS as well.
  overlay.setAlwaysOnTop(true, 'screen-saver')
  overlay.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true })
  overlay.once('ready-to-show', () => overlay.showInactive())
  return overlay
}
