/**
 * A real Request Tracker 5 for the integration test: installed from Debian packages when absent (setup-rt.sh),
 * started on a free loopback port as www-data in its own process group, stopped by that process id.
 */
import { execFile, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const here = import.meta.dirname
const rtServer = '/usr/share/request-tracker5/libexec/rt-server'

export interface RtAccount {
  id: number
  name: string
  token: string
}

export interface RtSeed {
  queue: { id: number; name: string }
  analyst: RtAccount
  customer: RtAccount
}

export interface RunningRequestTracker {
  baseUrl: string
  seed: RtSeed
  pid: number
  pidFile: string
  logFile: string
  /** Seconds spent installing/configuring/seeding, and starting the server. */
  timings: { setupSeconds: number; startSeconds: number }
  stop(): Promise<void>
}

export async function startRequestTracker(): Promise<RunningRequestTracker> {
  const port = await freePort()
  const setupStart = performance.now()
  const { stdout } = await run('bash', [join(here, 'setup-rt.sh'), String(port)], {
    timeout: 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024
  }).catch((error: { stderr?: string; message: string }) => {
    throw new Error(
      `Request Tracker could not be installed or seeded: ${error.message}\n${error.stderr ?? ''}`
    )
  })
  const seed = JSON.parse(stdout.trim().split('\n').at(-1)!) as RtSeed
  const setupSeconds = (performance.now() - setupStart) / 1000

  const startStart = performance.now()
  const uid = Number((await run('id', ['-u', 'www-data'])).stdout.trim())
  const gid = Number((await run('id', ['-g', 'www-data'])).stdout.trim())
  const logFile = join(tmpdir(), `vigil-rt-${port}.log`)
  const log = openSync(logFile, 'w')
  // detached: a new session and process group, so the whole server (its workers too) stops by one id.
  const child = spawn(rtServer, ['--host', '127.0.0.1', '--port', String(port), '--max-workers', '4'], {
    detached: true,
    uid,
    gid,
    cwd: '/',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/var/www', LANG: 'C.UTF-8' },
    stdio: ['ignore', log, log]
  })
  closeSync(log)
  const pid = child.pid!
  const pidFile = join(tmpdir(), `vigil-rt-${port}.pid`)
  writeFileSync(pidFile, `${pid}\n`)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const baseUrl = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-pid, 'SIGTERM')
      const killed = setTimeout(() => process.kill(-pid, 'SIGKILL'), 10_000)
      await exited
      clearTimeout(killed)
    }
    rmSync(pidFile, { force: true })
    rmSync(logFile, { force: true })
  }
  try {
    await waitUntilReady(`${baseUrl}/REST/2.0/rt`, seed.analyst.token, exited)
  } catch (error) {
    const log = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')
    await stop()
    throw new Error(`${(error as Error).message}\nrt-server log:\n${log}`)
  }
  const startSeconds = (performance.now() - startStart) / 1000
  return { baseUrl, seed, pid, pidFile, logFile, timings: { setupSeconds, startSeconds }, stop }
}

async function waitUntilReady(url: string, token: string, exited: Promise<void>): Promise<void> {
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (gone) throw new Error('rt-server exited before answering; see its log')
    const status = await fetch(url, { headers: { authorization: `token ${token}` } }).then(
      (response) => response.status,
      () => 0
    )
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`Request Tracker did not answer GET ${url} with 200 within 90 s`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
