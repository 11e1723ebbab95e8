/**
 * The desktop app's entry: one instance, the engine built once with the Electron host, then the overlay, the
 * tray, the workbench on demand and the global shortcut. Everything here is wiring; the rules live in
 * `shell/policy` (tested without Electron) and the behaviour in the engine.
 */
import { join } from 'node:path'
import { app, dialog } from 'electron'
import type { SourceStatus } from '../shared/contract'
import type { Result } from '../shared/errors'
import { defaultSettings } from '../shared/settings'
import { createEngine } from './engine/createEngine'
import type { Logger } from './engine/host'
import { appLogDir, createAppLogger, createElectronHost } from './shell/electronHost'
import { registerIpcRouter } from './shell/ipcRouter'
import { overlaySettingsFrom, sourceStatusFrom } from './shell/policy/engineResults'
import { createQuitGate } from './shell/policy/quitGate'
import { appLayout, devServerOrigin, rendererTrust, resourcesDir } from './shell/policy/rendererSource'
import type { TrayCommand } from './shell/policy/trayMenu'
import { applySessionPolicy, hardenBeforeReady } from './shell/security'
import { registerShellChannels } from './shell/shellChannels'
import { shortcutEffect } from './shell/policy/globalShortcuts'
import { createPlacementFile } from './shell/policy/overlayPlacementFile'
import { createShortcuts, type Shortcuts } from './shell/shortcuts'
import { createTray, type VigilTray } from './shell/tray'
import { createWindows } from './shell/windows'

// This file is the `index` entry itself (never a shared chunk), so its folder is `out/main`.
const layout = appLayout(import.meta.dirname)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  const logger = createAppLogger()
  hardenBeforeReady(logger)
  // Vigil lives in the tray: closing the workbench must not quit it.
  app.on('window-all-closed', () => {})
  app
    .whenReady()
    .then(() => launch(logger))
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      logger.error('Vigil could not start', { error: message })
      dialog.showErrorBox('Vigil could not start', `${message}\n\nDetails are in the log in ${appLogDir()}.`)
      app.quit()
    })
}

async function launch(logger: Logger): Promise<void> {
  const devOrigin = devServerOrigin(process.env['ELECTRON_RENDERER_URL'], app.isPackaged)
  applySessionPolicy(devOrigin)
  const host = createElectronHost({
    logger,
    resourcesDir: resourcesDir({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath
    })
  })
  const engine = createEngine(host, { source: { kind: 'demo' } })
  const quitGate = createQuitGate({
    stop: () => engine.stop(),
    quit: () => app.quit(),
    onError: (error) => logger.error('The engine did not stop cleanly', { error: String(error) })
  })
  let shortcuts: Shortcuts | null = null
  app.on('will-quit', (event) => {
    shortcuts?.unregister()
    quitGate.onWillQuit(event)
  })
  await engine.start()

  let source: SourceStatus | null = null
  let tray: VigilTray | null = null
  const settings = await engine.call('settings.get', {})
  const overlaySettings = overlaySettingsFrom('settings.get', settings) ?? defaultSettings().overlay
  const windows = createWindows({
    overlay: overlaySettings,
    placements: createPlacementFile(join(app.getPath('userData'), 'overlay-placement.json')),
    preloadPath: layout.preloadPath,
    rendererDir: layout.rendererDir,
    devOrigin,
    logger,
    onOverlayVisibility: () => tray?.refresh()
  })
  app.on('before-quit', () => windows.allowClose())

  /** Keeps the overlay placement and the tray's demo item in step with what the engine answers. */
  const follow = (route: unknown, result: Result<unknown>): void => {
    const overlay = overlaySettingsFrom(route, result)
    if (overlay) {
      windows.applyOverlaySettings(overlay)
      shortcuts?.apply(overlay.shortcuts)
    }
    const status = sourceStatusFrom(route, result)
    if (status) {
      source = status
      tray?.refresh()
    }
  }
  const trust = rendererTrust(devOrigin, layout.rendererDir)
  registerIpcRouter({ engine, trust, contents: windows.contents, logger, onResult: follow })
  registerShellChannels({
    trust,
    contents: windows.contents,
    overlayContents: windows.overlayContents,
    overlayFocus: windows.overlayFocus,
    logger
  })
  engine.onEvent((envelope) => {
    if (envelope.event === 'engine.status') follow('engine.status', { ok: true, value: envelope.payload })
  })
  follow('engine.status', await engine.call('engine.status', {}))

  const run = (command: TrayCommand): void => {
    switch (command.kind) {
      case 'toggle-overlay':
        return windows.toggleOverlay()
      case 'open-workbench':
        return windows.openWorkbench()
      case 'demo':
        void engine.call('demo.control', { action: command.action }).then((result) => {
          if (!result.ok) logger.warn('The demo could not be controlled', { error: result.error.message })
          follow('demo.control', result)
        })
        return
      case 'quit':
        return app.quit()
    }
  }
  tray = createTray({ state: () => ({ overlayVisible: windows.isOverlayVisible(), source }), run })
  shortcuts = createShortcuts((action) => {
    const effect = shortcutEffect(action)
    if (effect.toggle) return windows.toggleOverlay()
    if (effect.show) windows.showOverlay()
    if (effect.focus) windows.overlayFocus.claim()
    if (effect.command) windows.sendOverlayCommand(effect.command)
  }, logger)
  shortcuts.apply(overlaySettings.shortcuts)
  // A first look at the product: the workbench opens with the app; later it lives in the tray.
  windows.openWorkbench()
  app.on('second-instance', () => windows.openWorkbench())
  app.on('activate', () => windows.openWorkbench())
}
