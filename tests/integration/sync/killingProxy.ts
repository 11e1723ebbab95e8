/**
 * A loopback TCP proxy in front of the git server that, once armed, kills the server (by its process id) the moment
 * a push's pack upload starts (the "server went away mid-push" case), or holds a push while another desktop pushes
 * first (a lost push race): both made deterministic.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net'

export interface KillingProxy {
  port: number
  /** Kill the server on the next `git-receive-pack` POST; resolves the returned promise when it did. */
  armKill(kill: () => Promise<void>): Promise<void>
  /** Hold the next `git-receive-pack` POST until `action` (another desktop's whole sync) is done, then let it through. */
  armBeforePush(action: () => Promise<void>): Promise<void>
  close(): Promise<void>
}

export async function startKillingProxy(targetPort: number): Promise<KillingProxy> {
  let armed: { kill: () => Promise<void>; done: () => void } | undefined
  let held: { action: () => Promise<void>; done: () => void } | undefined
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    sockets.add(client)
    const upstream = createConnection(targetPort, '127.0.0.1')
    sockets.add(upstream)
    let queue: Buffer[] | undefined
    client.on('data', (chunk: Buffer) => {
      if (queue) return void queue.push(chunk)
      if (held && chunk.toString('latin1').startsWith('POST ') && chunk.includes('git-receive-pack')) {
        const { action, done } = held
        held = undefined
        queue = [chunk]
        void action().then(() => {
          for (const part of queue ?? []) upstream.write(part)
          queue = undefined
          done()
        })
        return
      }
      if (armed && chunk.toString('latin1').startsWith('POST ') && chunk.includes('git-receive-pack')) {
        const { kill, done } = armed
        armed = undefined
        // Let the request head through, then take the server down under it.
        upstream.write(chunk)
        void kill().then(() => {
          client.destroy()
          upstream.destroy()
          done()
        })
        return
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    const end = (): void => {
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    armKill: (kill) => new Promise<void>((done) => (armed = { kill, done })),
    armBeforePush: (action) => new Promise<void>((done) => (held = { action, done })),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
