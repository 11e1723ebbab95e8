/**
 * A model that answers "not learnable" for everything (a tiny model such as stories260K does) must not veto what the
 * analysts plainly did: a resolution with concrete steps is learned from the analysts' own words. Where the analysts
 * gave no concrete steps, the model's "nothing to learn" stands. Run through `vigil replay --remote` against a scripted
 * OpenAI-compatible server on loopback.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { captureIo } from '../helpers/captureIo'
import { demoCases } from '../helpers/engineHarness'
import type { ScriptedRequest } from '../../src/main/engine/llm/scriptedBackend'
import { json, stageOf, type Stage } from '../helpers/scriptedModel'
import { useTempDirs } from '../helpers/tempDir'
import { completion, sendJson, startFakeServer, type FakeServer } from '../engine/llm/remote/fakeOpenAiServer'

const tempDir = useTempDirs()
const demoFile = join(__dirname, '../../resources/demo/cases.json')

/** Every stage answers plainly; extraction always says there is nothing to learn. */
const answers: Record<Stage, string> = {
  scope: json({ needsHelp: true, kind: 'problem', analystHandling: false, reason: 'a problem' }),
  rewrite: json({ query: 'problem', subQueries: [] }),
  answer: json({ answerable: false, citedEntryIds: [], answer: '', confidence: 0, reason: 'no match' }),
  nextSteps: json({ steps: [], reason: 'nothing known' }),
  summary: json({ known: [], tried: [], pending: [] }),
  escalation: json({ matches: [] }),
  extract: json({ learnable: false, title: '', problem: '', resolution: [] }),
  review: json({ decision: 'keep', reason: 'right' }),
  chat: 'A reply.'
}

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function replayWithModel(
  cases: unknown[]
): Promise<{ lines: Array<Record<string, unknown>>; stages: Stage[] }> {
  const stages: Stage[] = []
  server = await startFakeServer((request, response) => {
    const messages = (request.body['messages'] ?? []) as ScriptedRequest['messages']
    const stage = stageOf({ kind: request.body['response_format'] ? 'json' : 'chat', messages })
    stages.push(stage)
    sendJson(response, 200, completion(answers[stage]))
  })
  const dir = await tempDir()
  const file = join(dir, 'cases.json')
  const demo = JSON.parse(await readFile(demoFile, 'utf8'))
  await writeFile(file, JSON.stringify({ ...demo, cases }))
  const capture = captureIo()
  const argv = ['replay', '--file', file, '--speed', 'max', '--json', '--data-dir', join(dir, 'data')]
  const remote = ['--remote', server.baseUrl, '--model-id', 'scripted', '--use-model-anyway']
  expect(await main([...argv, ...remote], capture.io), capture.stderr()).toBe(0)
  const lines = capture
    .stdout()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
  return { lines, stages }
}

describe("a model's 'nothing to learn'", () => {
  it("does not veto a resolution with concrete steps: the analysts' own steps are learned", async () => {
    // NIM-1001: the analyst gives numbered steps (Okta > Sign On tab, Admin > Security > Single sign-on, ...).
    const { lines, stages } = await replayWithModel(demoCases().filter((item) => item.id === 'NIM-1001'))
    expect(stages).toContain('extract')
    const learned = lines.filter((line) => line['type'] === 'learned')
    expect(learned).toHaveLength(1)
    expect(learned[0]).toMatchObject({ sourceTicketIds: ['NIM-1001'] })
    expect(lines.at(-1)).toMatchObject({ type: 'summary', learned: 1 })
  }, 60_000)

  it('stands where the analysts gave no concrete steps (a remark on the cause, no instruction)', async () => {
    const [oneCase] = demoCases().filter((item) => item.id === 'NIM-1001')
    const [opening, firstReply] = [
      oneCase!.messages[0]!,
      oneCase!.messages.find((m) => m.role === 'analyst')!
    ]
    const messages = [
      opening,
      {
        ...firstReply,
        text: 'That was a short disruption in the sign-in service, which recovered on its own a few minutes ago.'
      },
      { ...opening, offsetMinutes: firstReply.offsetMinutes + 5, text: 'Yes, we can sign in again. Thanks!' }
    ]
    const { lines, stages } = await replayWithModel([{ ...oneCase!, messages }])
    // The model was asked (the case had an analyst resolution to extract) and said there was nothing to learn.
    expect(stages).toContain('extract')
    expect(lines.filter((line) => line['type'] === 'learned')).toEqual([])
    expect(lines.at(-1)).toMatchObject({ type: 'summary', learned: 0 })
  }, 60_000)
})
