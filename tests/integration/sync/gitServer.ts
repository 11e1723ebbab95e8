/**
 * A real git smart-HTTP server for the sync integration test: `git http-backend` behind lighttpd with basic auth on
 * a free loopback port, installed from Debian packages when absent (install-git-server.sh), run in the foreground
 * and stopped by its process id.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const here = import.meta.dirname

export interface GitServer {
  /** `http://127.0.0.1:PORT/git/` */
  baseUrl: string
  port: number
  user: string
  password: string
  pid: number
  root: string
  /** Creates a bare repository that accepts pushes and returns its URL. */
  createRepo(name: string): Promise<string>
  start(): Promise<void>
  stop(): Promise<void>
}

/** Why the server cannot run here, or undefined when it can (installing packages first if needed and allowed). */
export async function gitServerUnavailable(): Promise<string | undefined> {
  try {
    await run('bash', [join(here, 'install-git-server.sh')], { timeout: 5 * 60_000 })
    return undefined
  } catch (error) {
    const err = error as { stderr?: string; message: string }
    return `lighttpd/git http-backend unavailable: ${(err.stderr || err.message).trim().split('\n').at(-1)}`
  }
}

export async function createGitServer(): Promise<GitServer> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-git-server-'))
  const port = await freePort()
  const user = 'analyst'
  const password = 'team-secret-1'
  const hash = (await run('openssl', ['passwd', '-apr1', password])).stdout.trim()
  await mkdir(join(root, 'repos'))
  await writeFile(join(root, 'htpasswd'), `${user}:${hash}\n`)
  await writeFile(join(root, 'lighttpd.conf'), config(root, port))
  let child: ChildProcess | undefined
  const server: GitServer = {
    baseUrl: `http://127.0.0.1:${port}/git/`,
    port,
    user,
    password,
    pid: 0,
    root,
    async createRepo(name) {
      const dir = join(root, 'repos', name)
      await run('git', ['init', '-q', '--bare', '--initial-branch=main', dir])
      await run('git', ['-C', dir, 'config', 'http.receivepack', 'true'])
      return `${server.baseUrl}${name}`
    },
    async start() {
      child = spawn('lighttpd', ['-D', '-f', join(root, 'lighttpd.conf')], {
        stdio: ['ignore', 'ignore', 'pipe']
      })
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      server.pid = child.pid!
      for (let i = 0; i < 100; i += 1) {
        if (child.exitCode !== null) throw new Error(`lighttpd exited: ${stderr}`)
        const status = await fetch(server.baseUrl).then(
          (r) => r.status,
          () => 0
        )
        if (status !== 0) return
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`lighttpd did not answer on port ${port}: ${stderr}`)
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child!.once('exit', r))
      process.kill(server.pid, 'SIGTERM')
      await exited
    }
  }
  await server.start()
  return server
}

export async function removeGitServer(server: GitServer): Promise<void> {
  await server.stop()
  await rm(server.root, { recursive: true, force: true })
}

function config(root: string, port: number): string {
  return `server.document-root = "${root}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${root}/error.log"
server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_auth", "mod_authn_file")
alias.url = ("/git/" => "/usr/lib/git-core/git-http-backend/")
$HTTP["url"] =~ "^/git/" {
  cgi.assign = ("" => "")
  setenv.set-environment = ("GIT_PROJECT_ROOT" => "${root}/repos", "GIT_HTTP_EXPORT_ALL" => "1")
  auth.backend = "htpasswd"
  auth.backend.htpasswd.userfile = "${root}/htpasswd"
  auth.require = ("" => ("method" => "basic", "realm" => "vigil", "require" => "valid-user"))
}
`
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}
