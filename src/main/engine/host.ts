/**
 * What the engine needs from whoever hosts it (the Electron shell, `vigil serve`, the CLI, tests).
 * Each is a small interface so that every host, and every test, can hand in its own implementation.
 */
import type { Settings } from '../../shared/settings'

export interface HostPaths {
  /** Per-user data folder: knowledge, event log, cursors, suggestions, logs. */
  dataDir: string
  /** Read-only folder holding the shipped `resources/` (demo cases). */
  resourcesDir: string
}

/** Secrets (API keys, tokens) live in the operating system's secure storage, never in settings files. */
export interface SecretStore {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

export interface Clock {
  now(): Date
}

export interface Clipboard {
  writeText(text: string): void
}

export interface Notifier {
  notify(title: string, body: string): void
}

/** Where settings are kept: electron-store in the app, a JSON file headless. */
export interface SettingsBackend {
  /** The raw stored value (validated by the engine); undefined when nothing is stored yet. */
  read(): unknown
  write(settings: Settings): void
  /** Human-readable location for messages, e.g. the file path. */
  readonly location: string
  /** Why the stored settings could not be used (the last `read`), for the engine status; null or absent if fine. */
  problem?(): string | null
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
}

export interface EngineHost {
  paths: HostPaths
  secrets: SecretStore
  clock: Clock
  clipboard: Clipboard
  notifier: Notifier
  settings: SettingsBackend
  logger: Logger
}

export const systemClock: Clock = { now: () => new Date() }

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
