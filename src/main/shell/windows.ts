/** The two windows: the workbench (a normal window) and the overlay (a small always-on-top panel in a corner). */
import { BrowserWindow, nativeTheme, screen, type WebContents } from 'electron'
import type { Logger } from '../engine/host'
import { ipcChannels } from '../../shared/ipcChannels'
import type { OverlayCommand } from '../../shared/overlayCommands'
import type { Settings } from '../../shared/settings'
import { createOverlayFocus, type OverlayFocus } from './policy/overlayFocus'
import type { Rectangle } from './policy/overlayGeometry'
import {
  displayMatching,
  forgetPlacement,
  minimumOverlaySize,
  placeOverlay,
  rememberPlacement,
  type DisplayFacts,
  type SavedPlacements
} from './policy/overlayPlacement'
import type { PlacementFile } from './policy/overlayPlacementFile'
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
  /** Where the overlay's position and size on each display are kept. */
  placements: PlacementFile
}

export interface Windows {
  openWorkbench(): void
  toggleOverlay(): void
  /** Shows the overlay without taking focus; does nothing when it is shown. */
  showOverlay(): void
  isOverlayVisible(): boolean
  /** Runs a command in the overlay page (a global shortcut was pressed). */
  sendOverlayCommand(command: OverlayCommand): void
  /** Applies opacity and click-through; a changed corner moves the overlay there on its display. */
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

// The page's own background in each scheme (theme.css --bg), so nothing flashes while it loads.
const background = (): string => (nativeTheme.shouldUseDarkColors ? '#11151d' : '#f4f6fa')
/** Moves and resizes are saved once the analyst has stopped for this long. */
const placementSaveDelayMs = 400

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

  const loaded = options.placements.load()
  if (loaded.problem) options.logger.warn('The overlay positions were not used', { problem: loaded.problem })
  let placements: SavedPlacements = loaded.saved
  const displays = (): DisplayFacts[] => screen.getAllDisplays()
  const primary = (): DisplayFacts => screen.getPrimaryDisplay()
  const displayOf = (bounds: Rectangle): DisplayFacts => displayMatching(displays(), bounds) ?? primary()

  const overlay = createOverlayWindow(options, placeOverlay(placements, primary(), overlaySettings.corner))
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

  const remember = (bounds: Rectangle): void => {
    placements = rememberPlacement(placements, displayOf(bounds), bounds)
    try {
      options.placements.save(placements)
    } catch (error) {
      options.logger.warn('The overlay position could not be saved', { error: String(error) })
    }
  }
  // The analyst moved or resized the overlay: remember it for the display it is on, once they stop.
  let saveTimer: NodeJS.Timeout | null = null
  const rememberSoon = (): void => {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      saveTimer = null
      if (!overlay.isDestroyed()) remember(overlay.getBounds())
    }, placementSaveDelayMs)
  }
  // 'move' and 'resize' (not 'moved'/'resized', which Linux lacks), debounced to the end of the gesture.
  overlay.on('move', rememberSoon)
  overlay.on('resize', rememberSoon)
  overlay.on('closed', () => saveTimer && clearTimeout(saveTimer))

  const applyLook = (): void => {
    overlay.setOpacity(overlaySettings.opacity)
    // `forward` keeps hover working in the page, so the overlay can still show where the pointer is.
    overlay.setIgnoreMouseEvents(overlaySettings.clickThrough, { forward: true })
  }
  applyLook()
  // A display went away or changed size: the overlay goes where it was last left on the display it is now on.
  const replace = (): void => {
    if (overlay.isDestroyed()) return
    overlay.setBounds(placeOverlay(placements, displayOf(overlay.getBounds()), overlaySettings.corner))
  }
  screen.on('display-metrics-changed', replace)
  screen.on('display-removed', replace)

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
        backgroundColor: background(),
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
    showOverlay() {
      if (!overlay.isDestroyed() && !overlay.isVisible()) overlay.showInactive()
    },
    isOverlayVisible: () => !overlay.isDestroyed() && overlay.isVisible(),
    sendOverlayCommand(command) {
      if (!overlay.isDestroyed()) overlay.webContents.send(ipcChannels.overlayCommand, command)
    },
    applyOverlaySettings(settings) {
      const cornerChanged = settings.corner !== overlaySettings.corner
      overlaySettings = settings
      if (overlay.isDestroyed()) return
      applyLook()
      if (!cornerChanged) return
      // A new corner in the settings is a request to move there, on the display the overlay is on.
      const display = displayOf(overlay.getBounds())
      placements = forgetPlacement(placements, display)
      overlay.setBounds(placeOverlay(placements, display, settings.corner))
      remember(overlay.getBounds())
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

function createOverlayWindow(options: WindowsOptions, bounds: Rectangle): BrowserWindow {
  const overlay = new BrowserWindow({
    ...bounds,
    title: 'Vigil',
    show: false,
    frame: false,
    backgroundColor: background(),
    alwaysOnTop: true,
    // Never take focus: the analyst keeps typing in their ticketing tool while the overlay updates.
    focusable: false,
    skipTaskbar: true,
    // Moved by its header (a drag region in the page) and resized at its edges; remembered per display.
    resizable: true,
    minWidth: minimumOverlaySize.width,
    minHeight: minimumOverlaySize.height,
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
