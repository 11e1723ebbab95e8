import { join } from 'node:path'
import { systemClock, type Clipboard, type EngineHost, type Logger, type Notifier } from '../engine/host'
import { createEnvSecretStore } from './envSecrets'
import { createJsonLogger } from './jsonLogger'
import { createJsonSettingsFile } from './jsonSettingsFile'

export { defaultRendererDir, defaultResourcesDir } from './paths'

export interface NodeHostOptions {
  /** Per-user data folder; settings live in `<dataDir>/settings.json`. */
  dataDir: string
  /** The shipped `resources/` folder; see `defaultResourcesDir()`. */
  resourcesDir: string
  /** Default: JSON lines on stderr. */
  logger?: Logger
  /** Where secrets are read from (`VIGIL_SECRET_<KEY>`). Default: `process.env`. */
  env?: NodeJS.ProcessEnv
}

/** A clipboard that only remembers: there is no desktop clipboard headless. */
export interface MemoryClipboard extends Clipboard {
  /** The last text written; null before the first write. */
  readonly lastText: string | null
}

export interface NodeHost extends EngineHost {
  clipboard: MemoryClipboard
}

/** The engine's host for plain Node (`vigil serve`, the CLI, end-to-end tests): files, environment, stderr. */
export function createNodeHost(options: NodeHostOptions): NodeHost {
  const logger = options.logger ?? createJsonLogger()
  return {
    paths: { dataDir: options.dataDir, resourcesDir: options.resourcesDir },
    secrets: createEnvSecretStore(options.env),
    clock: systemClock,
    clipboard: createMemoryClipboard(),
    notifier: createLogNotifier(logger),
    settings: createJsonSettingsFile(join(options.dataDir, 'settings.json'), logger),
    logger
  }
}

export function createMemoryClipboard(): MemoryClipboard {
  let lastText: string | null = null
  return {
    get lastText() {
      return lastText
    },
    writeText(text) {
      lastText = text
    }
  }
}

/** Notifications become log lines: there is no desktop to show them on. */
export function createLogNotifier(logger: Logger): Notifier {
  return { notify: (title, body) => logger.info('notification', { title, body }) }
}
