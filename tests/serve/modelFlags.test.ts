import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { applyModelFlags, parseModelFlags } from '../../src/main/headless/modelFlags'
import { createNodeHost } from '../../src/main/headless/nodeHost'
import { parseServeArgs } from '../../src/main/serve/serveArgs'
import { remoteApiKeySecret, Settings } from '../../src/shared/settings'
import { sendJson, startFakeServer, type FakeServer } from '../engine/llm/remote/fakeOpenAiServer'
import { useTempDirs } from '../helpers/tempDir'

const tempDir = useTempDirs()
let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const models = (ids: string[]) => async () => {
  server = await startFakeServer((_request, response) =>
    sendJson(response, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model' })) })
  )
  return server.baseUrl
}

describe('model flags', () => {
  it('serve reads --model and --remote with its options', () => {
    expect(parseServeArgs(['--model', 'm.gguf']).llm).toEqual({ mode: 'local', modelPath: resolve('m.gguf') })
    expect(
      parseServeArgs(['--remote', 'http://127.0.0.1:9/v1/', '--model-id', 'qwen', '--api-key-env', 'KEY']).llm
    ).toEqual({ mode: 'remote', remoteUrl: 'http://127.0.0.1:9/v1', remoteModel: 'qwen', apiKeyEnv: 'KEY' })
  })

  it.each([
    [{ model: 'a.gguf', remote: 'http://x/v1' }, /not both/],
    [{ 'model-id': 'x' }, /go with --remote/],
    [{ remote: 'ftp://x' }, /http/],
    [{ 'use-model-anyway': true }, /goes with --model or --remote/]
  ])('refuses %j', (values, message) => {
    expect(() => parseModelFlags(values, 'usage')).toThrow(message)
  })

  it('applies the run model and key without changing the saved settings, even when settings are saved', async () => {
    const dataDir = await tempDir()
    const saved = { ...Settings.parse({}), team: 'ops' }
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(saved))
    const baseUrl = await models(['only-model'])()
    const host = await applyModelFlags(
      createNodeHost({ dataDir, resourcesDir: dataDir }),
      parseModelFlags({ remote: baseUrl, 'api-key-env': 'MY_KEY' }, 'usage'),
      { MY_KEY: 'sk-test-123' }
    )
    expect(host.settings.read()).toMatchObject({
      team: 'ops',
      llm: { mode: 'remote', remoteUrl: baseUrl, remoteModel: 'only-model' }
    })
    expect(await host.secrets.get(remoteApiKeySecret)).toBe('sk-test-123')
    expect(server!.requests[0]!.headers.authorization).toBe('Bearer sk-test-123')
    // Another setting changes: it is saved, the model stays the saved one.
    const next = Settings.parse({ ...(host.settings.read() as object), team: 'billing' })
    host.settings.write(next)
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Settings
    expect(onDisk.team).toBe('billing')
    expect(onDisk.llm).toEqual(saved.llm)
  })

  it('asks for --model-id when the server lists several models or none', async () => {
    const dataDir = await tempDir()
    const host = createNodeHost({ dataDir, resourcesDir: dataDir })
    const several = await models(['a', 'b'])()
    await expect(applyModelFlags(host, parseModelFlags({ remote: several }, 'u'))).rejects.toThrow(
      /lists 2 models \(a, b\): choose one with --model-id/
    )
    await server!.close()
    server = undefined
    await expect(
      applyModelFlags(host, parseModelFlags({ remote: 'http://127.0.0.1:9/v1' }, 'u'))
    ).rejects.toThrow(/did not list its models.*: give --model-id$/)
  })

  it('--use-model-anyway overrides the self-check for this run only', async () => {
    const dataDir = await tempDir()
    const host = createNodeHost({ dataDir, resourcesDir: dataDir })
    const used = await applyModelFlags(
      host,
      parseModelFlags({ model: 'm.gguf', 'use-model-anyway': true }, 'u')
    )
    expect(used.settings.read()).toMatchObject({ llm: { mode: 'local', useUnreliableModel: true } })
    const plain = await applyModelFlags(host, parseModelFlags({ model: 'm.gguf' }, 'u'))
    expect(plain.settings.read()).toMatchObject({ llm: { useUnreliableModel: false } })
  })

  it('refuses an --api-key-env naming an unset variable', async () => {
    const dataDir = await tempDir()
    const flags = parseModelFlags(
      { remote: 'http://127.0.0.1:9/v1', 'model-id': 'm', 'api-key-env': 'NOPE' },
      'u'
    )
    await expect(
      applyModelFlags(createNodeHost({ dataDir, resourcesDir: dataDir }), flags, {})
    ).rejects.toThrow(/NOPE: that variable is not set/)
  })
})
