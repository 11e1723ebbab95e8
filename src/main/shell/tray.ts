/** The tray icon and its menu. What the menu shows is decided in policy/trayMenu; this file only draws it. */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron'
import { trayIconBitmap, trayMenuItems, type TrayCommand, type TrayState } from './policy/trayMenu'

export interface VigilTray {
  /** Rebuilds the menu from the current state (overlay shown or hidden, demo running or paused). */
  refresh(): void
  destroy(): void
}

export function createTray(options: {
  state: () => TrayState
  run: (command: TrayCommand) => void
}): VigilTray {
  const size = 16
  const icon = nativeImage.createFromBitmap(trayIconBitmap(size), { width: size, height: size })
  const tray = new Tray(icon)
  tray.setToolTip('Vigil')
  // On Windows a left click is the usual way to reach a tray app; elsewhere a click opens the menu.
  if (process.platform === 'win32') tray.on('click', () => options.run({ kind: 'toggle-overlay' }))

  const refresh = (): void => {
    if (tray.isDestroyed()) return
    const template: MenuItemConstructorOptions[] = trayMenuItems(options.state()).map((item) =>
      item.type === 'separator'
        ? { type: 'separator' }
        : { label: item.label, click: () => options.run(item.command) }
    )
    tray.setContextMenu(Menu.buildFromTemplate(template))
  }
  refresh()
  return { refresh, destroy: () => tray.destroy() }
}
