/**
 * A minimal smart-HTTP git server for the sync benchmark: Node's HTTP server running `git http-backend` (system git)
 * as a CGI process per request, on 127.0.0.1. Measures the client, not a web server; no authentication.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { ErrorCode, VigilError } from '../../../shared/errors'

export interface GitHub {
  url(repo: string): string
  close(): Promise<void>
}

export async function startGitHub(projectRoot: string): Promise<GitHub> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'bench',
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
          : {}),
        GIT_HTTP_MAX_REQUEST_BUFFER: '1000M'
      }
    })
    req.pipe(cgi.stdin)
    let head = Buffer.alloc(0)
    let headersDone = false
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk)
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      headersDone = true
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':')
        const name = line.slice(0, colon).trim()
        const value = line.slice(colon + 1).trim()
        if (name.toLowerCase() === 'status') res.statusCode = Number.parseInt(value, 10)
        else res.setHeader(name, value)
      }
      res.write(head.subarray(end + 4))
    })
    cgi.on('error', () => res.destroy())
    cgi.on('close', () => res.end())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new VigilError(ErrorCode.internal, `cannot start the benchmark's git server: ${error.message}`))
    )
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as { port: number }
  return {
    url: (repo) => `http://127.0.0.1:${port}/${repo}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
