/** The EngineHost of the desktop app: each capability the engine needs, backed by Electron. */
import { join } from 'node:path'
import { app, clipboard, Notification, safeStorage } from 'electron'
import Store from 'electron-store'
import type { EngineHost, Logger, SettingsBackend } from '../engine/host'
import { systemClock } from '../engine/host'
import { createEncryptedSecretFile, type SecretCipher } from './policy/encryptedSecretFile'
import { createFileLogger } from './policy/fileLogger'
import { quarantineFile } from './policy/quarantineFile'

export interface ElectronHostOptions {
  /** The shipped `resources/` folder (see `resourcesDir` in policy/rendererSource). */
  resourcesDir: string
  /** The app's logger, made before the host so start-up problems are logged too (see {@link createAppLogger}). */
  logger: Logger
}

/** The folder holding the app's log files (`logs` in the user's data folder). */
export const appLogDir = (): string => join(app.getPath('userData'), 'logs')

/** The app's log: the console and `vigil.log` in {@link appLogDir}. */
export function createAppLogger(): Logger {
  return createFileLogger({ filePath: join(appLogDir(), 'vigil.log'), clock: systemClock })
}

/** Builds the host. Call after the app is ready (safeStorage and Notification need it). */
export function createElectronHost(options: ElectronHostOptions): EngineHost {
  const { logger } = options
  const dataDir = app.getPath('userData')
  return {
    paths: { dataDir, resourcesDir: options.resourcesDir },
    secrets: createEncryptedSecretFile(join(dataDir, 'secrets.json'), safeStorageCipher),
    clock: systemClock,
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    notifier: {
      notify(title, body) {
        if (Notification.isSupported()) new Notification({ title, body, silent: true }).show()
      }
    },
    settings: createSettingsBackend(join(dataDir, 'config.json'), logger),
    logger
  }
}

const safeStorageCipher: SecretCipher = {
  async unavailableReason() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      return "the operating system's secure storage (Keychain, DPAPI or a Linux keyring) is not available, so Vigil will not store secrets."
    }
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'no keyring (GNOME Keyring or KWallet) is running, and Vigil will not store secrets without one. Start a keyring and try again.'
    }
    return null
  },
  encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
  decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result
}

type StoreShape = { settings?: unknown }

/**
 * Settings in electron-store under the key `settings` (`config.json` in the data folder). A file that is not valid
 * JSON is moved aside, not deleted, and Vigil starts with defaults: settings must never block start-up.
 */
function createSettingsBackend(filePath: string, logger: Logger): SettingsBackend {
  let problem: string | null = null
  const recover = (error: unknown): void => {
    const movedTo = quarantineFile(filePath, new Date())
    problem = `${filePath}: could not be read; it was kept as ${movedTo} and default settings are used`
    logger.warn('The settings file could not be read; it was moved aside and defaults are used', {
      file: filePath,
      movedTo,
      error: error instanceof Error ? error.message : String(error)
    })
  }
  const open = (): Store<StoreShape> => {
    try {
      return new Store<StoreShape>()
    } catch (error) {
      recover(error)
      return new Store<StoreShape>()
    }
  }
  const store = open()
  return {
    location: store.path,
    problem: () => problem,
    read() {
      try {
        return store.get('settings')
      } catch (error) {
        recover(error)
        return undefined
      }
    },
    write(settings) {
      store.set('settings', settings)
    }
  }
}
