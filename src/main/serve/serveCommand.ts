import { ensureUsableDataDir } from '../headless/dataDir'
import { ErrorCode, VigilError } from '../../shared/errors'
import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../engine/createEngine'
import { notLearnedYet } from '../engine/learning/pendingLearning'
import type { EngineHost } from '../engine/host'
import type { Engine, EngineOptions } from '../engine/types'
import { createJsonLogger, type TextSink } from '../headless/jsonLogger'
import { applyModelFlags, type ModelFlags } from '../headless/modelFlags'
import { createNodeHost } from '../headless/nodeHost'
import { defaultRendererDir, defaultResourcesDir } from '../headless/paths'
import { startServeHost, type ServeHost } from './httpServer'

export interface ServeArgs {
  /** TCP port on 127.0.0.1; default 0 picks a free one. */
  port?: number
  /** Data folder; default `~/.vigil`. */
  dataDir?: string
  /** Replay the built-in demo cases. */
  demo: boolean
  /** Demo replay speed (multiple of real time, or 'max'); default the `demo.speed` setting. */
  speed?: number | 'max'
  /** Open the workbench in the default browser. Default false. */
  open?: boolean
  /** The model for this run (`--model`, `--remote`); the saved settings keep theirs. Default: the saved one. */
  llm?: ModelFlags
}

export interface ServeIo {
  stdout: TextSink
  stderr: TextSink
}

export interface ServeSession {
  engine: Engine
  server: ServeHost
  /** `<url>/?token=...`: the workbench. */
  workbenchUrl: string
  /** `<url>/overlay.html?token=...`: the overlay. */
  overlayUrl: string
  /** Stops the server, then the engine. Safe to call twice. */
  stop(): Promise<void>
}

/** Seams for tests; production uses the defaults. */
export interface ServeDependencies {
  createEngine: (host: EngineHost, options: EngineOptions) => Engine
  rendererDir: string
  resourcesDir: string
}

/** Builds the node host and the engine, starts both and the loopback server, prints the URLs. */
export async function startServe(
  args: ServeArgs,
  io: ServeIo,
  dependencies: Partial<ServeDependencies> = {}
): Promise<ServeSession> {
  const logger = createJsonLogger({ sink: io.stderr })
  const dataDir = args.dataDir ?? join(homedir(), '.vigil')
  await ensureUsableDataDir(dataDir)
  const host = await applyModelFlags(
    createNodeHost({
      dataDir,
      resourcesDir: dependencies.resourcesDir ?? defaultResourcesDir(),
      logger
    }),
    args.llm ?? null
  )
  const source: EngineOptions['source'] = args.demo
    ? { kind: 'demo', ...(args.speed === undefined ? {} : { speed: args.speed }) }
    : { kind: 'none' }
  const engine = (dependencies.createEngine ?? createEngine)(host, { source })
  await engine.start()
  let server: ServeHost
  try {
    server = await startServeHost({
      engine,
      rendererDir: dependencies.rendererDir ?? defaultRendererDir(),
      ...(args.port === undefined ? {} : { port: args.port })
    })
  } catch (error) {
    await engine.stop()
    throw error
  }
  const query = `?token=${encodeURIComponent(server.token)}`
  const workbenchUrl = `${server.url}/${query}`
  const overlayUrl = `${server.url}/overlay.html${query}`
  io.stdout.write(
    `Vigil is serving on ${server.url} (data: ${host.paths.dataDir})\n` +
      `  Workbench: ${workbenchUrl}\n  Overlay:   ${overlayUrl}\n` +
      'The token in these links is the only key: do not share them. Press Ctrl+C to stop.\n'
  )
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => (stopping ??= server.close().finally(() => engine.stop()))
  return { engine, server, workbenchUrl, overlayUrl, stop }
}

/** A session that could not learn from some resolutions says so as it stops (they are learned at the next start). */
async function reportUnlearned(engine: Engine, io: ServeIo): Promise<void> {
  const status = await engine.call('engine.status', {})
  const warnings = status.ok ? ((status.value as { warnings?: string[] }).warnings ?? []) : []
  for (const warning of warnings.filter((w) => w.includes(notLearnedYet)))
    io.stderr.write(`vigil serve: ${warning}\n`)
}

/**
 * `vigil serve`: runs until SIGINT or SIGTERM, then stops cleanly. Resolves with the process exit code.
 */
export async function runServe(args: ServeArgs, io: ServeIo): Promise<number> {
  let session: ServeSession
  try {
    session = await startServe(args, io)
  } catch (error) {
    io.stderr.write(`vigil serve: ${(error as Error).message}\n`)
    // Like every vigil command: what the person gave is unusable (a flag, the data folder) 2, anything else 1.
    return error instanceof VigilError && error.code === ErrorCode.badInput ? 2 : 1
  }
  if (args.open) openInBrowser(session.workbenchUrl, (line) => io.stderr.write(line))
  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  io.stdout.write('Stopping Vigil...\n')
  await reportUnlearned(session.engine, io)
  await session.stop()
  return 0
}

/** The system's way to open a link in the default browser. */
function systemOpener(): { command: string; args: string[] } {
  if (process.platform === 'darwin') return { command: 'open', args: [] }
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] }
  return { command: 'xdg-open', args: [] }
}

/**
 * `--open`: opens the workbench in the default browser. When that cannot be done (no opener installed, or it found
 * no browser: a server without a display), says so with the link to open, instead of nothing.
 */
export function openInBrowser(
  url: string,
  report: (line: string) => void,
  opener = systemOpener(),
  env: NodeJS.ProcessEnv = process.env
): void {
  let told = false
  const fail = (why: string): void => {
    if (told) return
    told = true
    const noDisplay =
      process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY
        ? ' (this machine has no display)'
        : ''
    report(`vigil serve: could not open a browser${noDisplay}: ${why}. Open this link yourself: ${url}\n`)
  }
  try {
    spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true })
      .on('error', (error) => fail(`${opener.command} did not start (${error.message})`))
      .on('exit', (code) => {
        if (code !== 0 && code !== null) fail(`${opener.command} ended with code ${code}`)
      })
      .unref()
  } catch (error) {
    fail(`${opener.command} did not start (${(error as Error).message})`)
  }
}
