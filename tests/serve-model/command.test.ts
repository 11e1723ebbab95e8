import { describe, expect, it } from 'vitest'
import { VigilError } from '../../src/shared/errors'
import { ScriptedBackend } from '../../src/main/engine/llm/scriptedBackend'
import {
  runServeModel,
  serveModelUsage,
  type ServeModelDependencies
} from '../../src/main/serve-model/command'
import { parseServeModelArgs } from '../../src/main/serve-model/serveModelArgs'

function setUp(untilStopped: ServeModelDependencies['untilStopped']) {
  const stdout: string[] = []
  const stderr: string[] = []
  const io = {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) }
  }
  const opened: string[] = []
  let closed = 0
  const dependencies: ServeModelDependencies = {
    openBackend: async (modelPath) => {
      opened.push(modelPath)
      return { backend: new ScriptedBackend(() => 'hi'), close: async () => void closed++ }
    },
    untilStopped
  }
  return { io, stdout, stderr, opened, closed: () => closed, dependencies }
}

describe('vigil serve-model', () => {
  it('serves the model on loopback with the printed token until stopped, then unloads it', async () => {
    let status = 0
    let unauthorized = 0
    const run = setUp(async (server) => {
      const headers = { Authorization: `Bearer ${server.token}` }
      status = (await fetch(`${server.url}/models`, { headers })).status
      unauthorized = (await fetch(`${server.url}/models`)).status
    })
    const code = await runServeModel(['--model', 'models/tiny.gguf'], run.io, run.dependencies)

    expect(code).toBe(0)
    expect([status, unauthorized]).toEqual([200, 401])
    expect(run.opened).toEqual([expect.stringMatching(/[\\/]models[\\/]tiny\.gguf$/)])
    const printed = run.stdout.join('')
    expect(printed).toMatch(/Base URL: http:\/\/127\.0\.0\.1:\d+\/v1\n/)
    expect(printed).toMatch(/Token: {4}[\w-]{43}\n/)
    expect(printed).toContain('to this machine only')
    expect(run.stderr.join('')).toMatch(/GET \/v1\/models 200 \d+ ms/)
    expect(run.closed()).toBe(1)
  })

  it('uses the --token given, without a warning for a loopback --host', async () => {
    let seen = ''
    const run = setUp(async (server) => void (seen = server.token))
    const token = 'team-token-0123456789'
    await runServeModel(
      ['--model', 'm.gguf', '--token', token, '--host', '127.0.0.1'],
      run.io,
      run.dependencies
    )
    expect(seen).toBe(token)
    expect(run.stderr.join('')).not.toContain('Warning')
  })

  it('unloads the model and exits 1 when the port is taken', async () => {
    let port = 0
    const first = setUp(async (server) => {
      port = server.port
      const second = setUp(async () => {})
      const code = await runServeModel(
        ['--model', 'm.gguf', '--port', String(port)],
        second.io,
        second.dependencies
      )
      expect(code).toBe(1)
      expect(second.stderr.join('')).toMatch(/Cannot listen on 127\.0\.0\.1:\d+: the port is in use/)
      expect(second.closed()).toBe(1)
    })
    await runServeModel(['--model', 'm.gguf'], first.io, first.dependencies)
    expect(port).toBeGreaterThan(0)
  })

  it('prints its usage with --help', async () => {
    const run = setUp(async () => {})
    expect(await runServeModel(['--help'], run.io, run.dependencies)).toBe(0)
    expect(run.stdout.join('')).toBe(serveModelUsage)
  })

  it.each([
    [[], /--model is required/],
    [['--model', 'm.gguf', '--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--model', 'm.gguf', '--token', 'short'], /--token must be 16 to 512 printable characters/],
    [['--model', 'm.gguf', '--host', 'a b'], /--host must be an address/],
    [['--model', 'm.gguf', '--verbose'], /Unknown option '--verbose'/]
  ])('refuses %j with a BAD_INPUT error', (argv, message) => {
    let error: unknown
    try {
      parseServeModelArgs(argv)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(VigilError)
    expect((error as VigilError).code).toBe('BAD_INPUT')
    expect((error as VigilError).message).toMatch(message)
  })

  it('keeps the host unset (loopback) unless --host is given', () => {
    expect(parseServeModelArgs(['--model', 'm.gguf']).host).toBeUndefined()
    expect(parseServeModelArgs(['--model', 'm.gguf', '--host', '0.0.0.0']).host).toBe('0.0.0.0')
  })
})
