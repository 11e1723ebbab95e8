import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { demoCases, demoFile, repoRoot } from '../helpers/engineHarness'
import { useTempDirs } from '../helpers/tempDir'
import { captureIo } from '../helpers/captureIo'

type Line = Record<string, unknown> & { type: string }

describe('vigil replay --demo --speed max --json', () => {
  it('prints suggestions, learned entries and a summary, one JSON object per line', async () => {
    const capture = captureIo()
    expect(await main(['replay', '--demo', '--speed', 'max', '--json'], capture.io)).toBe(0)
    const lines = capture
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    const summary = lines.at(-1)!
    expect(summary).toMatchObject({ type: 'summary', tickets: demoCases().length })
    const suggestions = lines.filter((line) => line.type === 'suggestion')
    const entryLines = new Set(['learned', 'merged', 'confirmed', 'corrected', 'refuted', 'retired'])
    expect(summary.suggestions).toBe(suggestions.length)
    // Each learning count in the summary is the number of lines of that type; learningEvents all of them.
    for (const type of entryLines) {
      expect(summary[type], type).toBe(lines.filter((line) => line.type === type).length)
    }
    expect(summary.learningEvents).toBe(lines.filter((line) => entryLines.has(line.type as string)).length)
    expect(summary.learned).toBeGreaterThan(0)
    expect(summary.messages).toBe(demoCases().reduce((sum, c) => sum + c.messages.length, 0))
    for (const suggestion of suggestions) {
      expect(suggestion).toMatchObject({ ticketId: expect.any(String), citations: expect.any(Array) })
      // What the analyst reads: the card's words, its title, what kind of help it is and why Vigil spoke.
      for (const field of ['text', 'title', 'kind', 'reason']) {
        expect(typeof suggestion[field], field).toBe('string')
        expect((suggestion[field] as string).trim(), field).not.toBe('')
      }
      for (const citation of suggestion.citations as Array<Record<string, unknown>>) {
        expect(Object.keys(citation).sort()).toEqual(['entryId', 'sourceTicketIds'])
      }
      // A card an analyst can read at a glance: at most 600 characters, vendor notes included.
      expect((suggestion['text'] as string).length, suggestion['ticketId'] as string).toBeLessThanOrEqual(600)
    }
    // Later tickets cite knowledge learned from earlier tickets of the same run.
    const learnedSoFar = new Map<string, string[]>()
    let citedEarlier = 0
    for (const line of lines) {
      if (entryLines.has(line.type))
        learnedSoFar.set(line.entryId as string, line.sourceTicketIds as string[])
      if (line.type === 'suggestion') {
        const citations = line.citations as Array<{ entryId: string; sourceTicketIds: string[] }>
        for (const citation of citations) {
          expect(learnedSoFar.has(citation.entryId)).toBe(true)
          expect(citation.sourceTicketIds).not.toContain(line.ticketId)
        }
        citedEarlier++
      }
    }
    expect(citedEarlier).toBeGreaterThanOrEqual(8)
    // NIM-1031 resolves a known problem a new way (a per-report zone for two offices): the one-office entry it was
    // shown keeps its fix (refuted here, not overwritten) and the new way is learned as a variant beside it.
    expect(lines.filter((line) => line.type === 'refuted').map((line) => line.ticketId)).toEqual(['NIM-1031'])
    expect(lines.filter((line) => line.type === 'corrected')).toEqual([])
    expect(
      lines
        .filter((line) => line.type === 'learned' && line.ticketId === 'NIM-1031')
        .map((line) => line.entryId)
    ).toEqual(['kb-NIM-1031'])
    // Later cases of a known problem confirm (or merge into) what earlier ones taught.
    expect(lines.some((line) => line.type === 'confirmed' || line.type === 'merged')).toBe(true)
  })

  it('is deterministic for the same input', async () => {
    const first = captureIo()
    const second = captureIo()
    await main(['replay', '--demo', '--json'], first.io)
    await main(['replay', '--demo', '--json'], second.io)
    expect(second.stdout()).toBe(first.stdout())
  })

  it('explains bad arguments and a bad file instead of crashing', async () => {
    const noSource = captureIo()
    expect(await main(['replay', '--json'], noSource.io)).toBe(2)
    expect(noSource.stderr()).toContain('vigil replay: nothing to replay: give --demo or --file FILE')
    const badSpeed = captureIo()
    expect(await main(['replay', '--demo', '--speed', 'fast'], badSpeed.io)).toBe(2)
    expect(badSpeed.stderr()).toContain('--speed')
    const missing = captureIo()
    expect(await main(['replay', '--file', '/nonexistent/cases.json'], missing.io)).toBe(2)
    expect(missing.stderr()).toContain('/nonexistent/cases.json')
    const unknown = captureIo()
    expect(await main(['frobnicate'], unknown.io)).toBe(2)
  })
})

describe('vigil replay --file with --data-dir', () => {
  const tempDir = useTempDirs()

  async function casesFile(dir: string, name: string, cases: unknown[]): Promise<string> {
    const file = join(dir, name)
    const demo = JSON.parse(await readFile(demoFile, 'utf8'))
    await writeFile(file, JSON.stringify({ ...demo, cases }))
    return file
  }

  async function replayJson(args: string[]): Promise<Line> {
    const capture = captureIo()
    expect(await main(['replay', '--json', ...args], capture.io), capture.stderr()).toBe(0)
    return JSON.parse(capture.stdout().trim().split('\n').at(-1)!) as Line
  }

  it('keys the replay cursor by the file: another file in the same folder is replayed, the same one resumes', async () => {
    const dir = await tempDir()
    const dataDir = join(dir, 'data')
    const all = demoCases()
    // The second file is shorter than the first: a cursor shared between them would skip all of it.
    const first = await casesFile(dir, 'first.json', all.slice(0, 6))
    const second = await casesFile(dir, 'second.json', all.slice(6, 9))
    expect(await replayJson(['--file', first, '--data-dir', dataDir])).toMatchObject({ tickets: 6 })
    const again = await replayJson(['--file', first, '--data-dir', dataDir])
    expect(again).toMatchObject({ tickets: 6, suggestions: 0, learned: 0, alreadyProcessed: true })
    const other = await replayJson(['--file', second, '--data-dir', dataDir])
    expect(other).toMatchObject({ tickets: 9 })
    expect(other.learned).toBeGreaterThan(0)
    expect(other).not.toHaveProperty('alreadyProcessed')
  })

  it('says plainly when a second replay into the same data folder had nothing new, and how to replay again', async () => {
    const dir = await tempDir()
    const dataDir = join(dir, 'data')
    const file = await casesFile(dir, 'cases.json', demoCases().slice(0, 3))
    const first = captureIo()
    expect(await main(['replay', '--file', file, '--data-dir', dataDir], first.io)).toBe(0)
    expect(first.stderr()).not.toContain('nothing was replayed')
    const second = captureIo()
    expect(await main(['replay', '--file', file, '--data-dir', dataDir], second.io)).toBe(0)
    expect(second.stderr()).toContain(
      `nothing was replayed: every event of this source was already processed in the data folder ${dataDir}`
    )
    expect(second.stderr()).toContain('give a new --data-dir')
  })
})

describe('the installed vigil command', () => {
  const bin = join(repoRoot, 'bin', 'vigil.mjs')
  const built = existsSync(join(repoRoot, 'out', 'main', 'cli.js'))

  it.skipIf(!built)('answers --help from the built CLI (run `npm run build` first)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help'])
    expect(stdout).toContain('Usage: vigil <command>')
    expect(stdout).toContain('replay')
    expect(stdout).toContain('serve')
  })

  it.skipIf(!built)('runs the demo replay from the built CLI', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'replay', '--demo', '--json'], {
      maxBuffer: 16 * 1024 * 1024
    })
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!)
    expect(summary).toMatchObject({ type: 'summary', tickets: demoCases().length })
    expect(summary.suggestions).toBeGreaterThan(0)
  })
})

const storyModel = join(repoRoot, '..', 'shared', 'models', 'stories260K.gguf')
if (!existsSync(storyModel)) console.warn(`Skipping the replay with a real model: ${storyModel} is absent.`)

describe.skipIf(!existsSync(storyModel))(
  'vigil replay --model with a model that fails the self-check',
  () => {
    it('says the model is not reliable and gives the retrieval-only results, not silence', async () => {
      const summaryOf = async (extra: string[]) => {
        const capture = captureIo()
        expect(await main(['replay', '--demo', '--speed', 'max', '--json', ...extra], capture.io)).toBe(0)
        const { llmCalls, model, ...summary } = JSON.parse(capture.stdout().trim().split('\n').at(-1)!)
        return { summary, llmCalls, model, stderr: capture.stderr() }
      }
      const retrievalOnly = await summaryOf([])
      // The 260K-parameter story model answers valid JSON that says "no help needed" and "nothing to learn".
      const withModel = await summaryOf(['--model', storyModel])
      expect(withModel.stderr).toMatch(
        /vigil replay: Not reliable for Vigil: it failed \d of 4 self-check cases/
      )
      expect(withModel.summary).toEqual(retrievalOnly.summary)
      // The summary says why the model was not used.
      expect(withModel.model.problems.join('\n')).toMatch(/Not reliable for Vigil/)
      expect(withModel.summary.suggestions).toBeGreaterThan(10)
      // The self-check's calls, and none after it.
      expect(withModel.llmCalls).toBeGreaterThanOrEqual(4)
      expect(withModel.llmCalls).toBeLessThanOrEqual(8)
    }, 120_000)
  }
)

describe('vigil replay --demo without --json', () => {
  const tempDir = useTempDirs()

  it('prints each card’s text under its title, and cites only what a card cites', async () => {
    // No demo customer reports many of our customers affected, so the team's own rule raises the alert printed here:
    // a customer asking whether there is an outage.
    const dataDir = await tempDir()
    const outageQuestion = {
      id: 'outage-question',
      name: 'Customer asks whether there is an outage',
      severity: 'high',
      patterns: ['\\bis (?:there|nimbus|sso) (?:an outage|down)\\b'],
      description: 'The customer asks whether the service is down.',
      positiveExamples: ['Is there an outage?'],
      negativeExamples: [],
      enabled: true
    }
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ escalation: { rules: [outageQuestion] } })
    )
    const capture = captureIo()
    expect(await main(['replay', '--demo', '--speed', 'max', '--data-dir', dataDir], capture.io)).toBe(0)
    const blocks = capture.stdout().split(/\n(?=NIM-\d+ {2})/)
    const alert = blocks.find((block) => /^NIM-\d+ {2}escalation:/.test(block))!
    expect(alert).toContain('    | Consider escalating')
    expect(alert).not.toContain('cites')
    const card = blocks.find((block) => /^NIM-\d+ {2}(answer|similar_case):/.test(block))!
    expect(card.split('\n').filter((line) => line.startsWith('    | ')).length).toBeGreaterThan(1)
    expect(card).toMatch(/\n {4}cites kb-NIM-\d+ \(from /)
  })
})
