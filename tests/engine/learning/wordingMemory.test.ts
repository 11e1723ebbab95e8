import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import type { ReviewOutcome } from '../../../src/main/engine/learning/caseReview'
import { WordingMemory } from '../../../src/main/engine/learning/wordingMemory'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { createEngine } from '../../../src/main/engine/createEngine'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import { recordingLogger, resourcesDir, runToEnd } from '../../helpers/engineHarness'
import {
  at,
  conversation,
  exportEntry,
  message,
  openKnowledge,
  samlEntry
} from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const TEAM = 'cloud-support'
const WORDING = 'Whole office is locked out of the portal, it keeps bouncing us back to the start page.'
const PARAPHRASE = tokenize('The portal keeps bouncing everyone back to the start page.')

const opened: KnowledgeStore[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()))
})

async function setup(entries: KnowledgeEntry[] = [samlEntry(), exportEntry()]) {
  const dir = await tempDir()
  const { knowledge } = await openKnowledge(join(dir, 'knowledge'), entries)
  opened.push(knowledge)
  const warnings: string[] = []
  const open = () => WordingMemory.open(join(dir, 'wordings'), knowledge, (m) => warnings.push(m))
  return { dir, knowledge, warnings, open }
}

function resolvedCase(id: string) {
  const state = conversation(id)
  message(state, 'customer', WORDING, 0)
  message(state, 'analyst', 'Upload the new signing certificate under Admin > Security > SSO, Casey.', 5)
  state.resolve(at(10))
  return state
}

const outcome = (type: ReviewOutcome['type'], entry: KnowledgeEntry): ReviewOutcome =>
  type === 'learned' || type === 'merged'
    ? { type, entry, ticketId: 'T-1', similarity: 1 }
    : { type, entry, ticketId: 'T-1' }

const best = (memory: WordingMemory) => memory.model.scores(TEAM, PARAPHRASE, 3)[0]

describe('wording memory', () => {
  it("learns the customer's words for the entry a case confirmed, not for one it refuted or newly learned, nor the analyst's", async () => {
    const { open } = await setup()
    const memory = await open()
    // Each entry starts from its recorded symptom (one customer wording each).
    expect(memory.model.casesOf(TEAM, 'kb-saml')).toBe(1)
    expect(best(memory)).toBeUndefined()
    memory.learn(resolvedCase('T-1'), [outcome('refuted', exportEntry()), outcome('confirmed', samlEntry())])
    expect(best(memory)).toMatchObject({ entryId: 'kb-saml', cases: 2 })
    expect(memory.model.casesOf(TEAM, 'kb-export')).toBe(1)
    // A case learned as a new entry teaches nothing the entry's own text does not say already.
    memory.learn(resolvedCase('T-2'), [outcome('learned', exportEntry())])
    expect(memory.model.casesOf(TEAM, 'kb-export')).toBe(1)
    expect(memory.model.scores(TEAM, tokenize('upload admin security'), 3)).toEqual([])
    expect(memory.model.scores(TEAM, tokenize('Casey'), 3)).toEqual([])
    await memory.flush()
  })

  it('learns only what the customer wrote before the fix, not the thanks and confirmations after it', async () => {
    const { open } = await setup()
    const memory = await open()
    const state = resolvedCase('T-3')
    const fix = state.messages.find((item) => item.authorRole === 'analyst')!
    message(state, 'customer', 'Rebooted the router, dashboard green again, cheers.', 12)
    const confirmed = samlEntry({
      provenance: [{ kind: 'confirmed', at: at(20), ticketId: 'T-3', messageIds: [fix.id] }]
    })
    memory.learn(state, [outcome('confirmed', confirmed)])
    expect(best(memory)).toMatchObject({ entryId: 'kb-saml' })
    expect(memory.model.scores(TEAM, tokenize('rebooted router dashboard green'), 3)).toEqual([])
    await memory.flush()
  })

  it('keeps what it learned across a restart', async () => {
    const { dir, open } = await setup()
    const memory = await open()
    memory.learn(resolvedCase('T-1'), [outcome('merged', samlEntry())])
    await memory.flush()
    expect(await readdir(join(dir, 'wordings'))).toEqual([`${TEAM}.json`])
    const reopened = await open()
    expect(reopened.model.scores(TEAM, PARAPHRASE, 3)).toEqual(memory.model.scores(TEAM, PARAPHRASE, 3))
    expect(best(reopened)).toMatchObject({ entryId: 'kb-saml', cases: 2 })
    // The answer posterior's counts come back too.
    const posteriors = memory.model.evidence.posteriors(TEAM, PARAPHRASE, 0.3)
    expect(posteriors.map((item) => item.entryId)).toEqual(['kb-saml'])
    expect(reopened.model.evidence.posteriors(TEAM, PARAPHRASE, 0.3)).toEqual(posteriors)
  })

  it("carries wordings saved under the old stemmer over to today's stems, and saves them again under the new one", async () => {
    const { dir, open } = await setup()
    // As tokenizer version 2 saved "our export cases fail with empty files": plurals stemmed apart ("cas", "fil").
    const old = {
      format: 2,
      team: TEAM,
      entries: {
        terms: ['export', 'cas', 'fail', 'empty', 'fil'],
        ids: ['kb-export'],
        cases: [2],
        lengths: [5],
        termIds: [0, 1, 2, 3, 4],
        weights: [0.5, 0.5, 0.4, 0.4, 0.4]
      },
      evidence: { newCases: 1, entries: { 'kb-export': { cases: 2, terms: { cas: 2, fil: 1, export: 2 } } } }
    }
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(dir, 'wordings'), { recursive: true })
    await writeFile(join(dir, 'wordings', `${TEAM}.json`), JSON.stringify(old))
    const memory = await open()
    // A customer today writes "case" and "file", which stem as "case" and "file".
    const today = tokenize('The case with the empty file again')
    expect(today).toEqual(expect.arrayContaining(['case', 'file']))
    const [match] = memory.model.scores(TEAM, today, 3)
    expect(match).toMatchObject({ entryId: 'kb-export', cases: 2 })
    // Without the empty-file words it still meets on "case" alone: the old "cas" is under "case" now.
    expect(memory.model.scores(TEAM, tokenize('another case'), 3)[0]).toMatchObject({ entryId: 'kb-export' })
    expect(memory.model.evidence.export(TEAM)!.entries['kb-export']!.terms).toMatchObject({
      case: 2,
      file: 1
    })
    await memory.flush()
    const saved = JSON.parse(await readFile(join(dir, 'wordings', `${TEAM}.json`), 'utf8'))
    expect(saved.tokenizer).toBe(3)
    expect(saved.entries.terms).toEqual(expect.arrayContaining(['case', 'file']))
  })

  it("counts every resolved case for the answer posterior, a new entry's first case as a new problem", async () => {
    const { open } = await setup()
    const memory = await open()
    memory.learn(resolvedCase('T-1'), [outcome('learned', exportEntry())])
    memory.learn(resolvedCase('T-2'), [outcome('merged', samlEntry()), outcome('confirmed', samlEntry())])
    expect(memory.model.evidence.export(TEAM)).toMatchObject({
      newCases: 1,
      entries: { 'kb-export': { cases: 1 }, 'kb-saml': { cases: 1 } }
    })
    // Refuted says which entry the case was not: it teaches the posterior nothing.
    memory.learn(resolvedCase('T-3'), [outcome('refuted', exportEntry())])
    expect(memory.model.evidence.export(TEAM)?.entries['kb-export']?.cases).toBe(1)
    await memory.flush()
  })

  it('knows a new entry for the answer posterior also by the words of the page its fix links', async () => {
    const { open } = await setup()
    const memory = await open()
    memory.learn(resolvedCase('T-1'), [outcome('merged', samlEntry())])
    memory.learn(resolvedCase('T-2'), [outcome('merged', samlEntry())])
    const linked = exportEntry({
      resolution: [
        'Follow https://help.example.com/articles/8812/Export-Timeout-Large-Workspaces?src=chat to split it.'
      ]
    })
    memory.learn(resolvedCase('T-3'), [outcome('learned', linked)])
    const terms = memory.model.evidence.export(TEAM)?.entries['kb-export']?.terms ?? {}
    expect(terms).toMatchObject({ export: 3, timeout: 3, larg: 3, workspac: 3 })
    expect(Object.keys(terms)).not.toContain('8812')
    expect(Object.keys(terms)).not.toContain('src')
    const [first] = memory.model.evidence.posteriors(TEAM, tokenize('timeout on a large export'), 1)
    expect(first).toMatchObject({ entryId: 'kb-export' })
    await memory.flush()
  })

  it('survives a torn file: moved aside, rebuilt from the entries, written whole again on the next change', async () => {
    const { dir, open, warnings } = await setup()
    const memory = await open()
    memory.learn(resolvedCase('T-1'), [outcome('merged', samlEntry())])
    await memory.flush()
    const file = join(dir, 'wordings', `${TEAM}.json`)
    const whole = await readFile(file, 'utf8')
    await writeFile(file, whole.slice(0, Math.floor(whole.length / 2)))

    const recovered = await open()
    expect(warnings.join('\n')).toMatch(/could not be read and was moved aside/)
    expect(await readFile(`${file}.damaged`, 'utf8')).toBe(whole.slice(0, Math.floor(whole.length / 2)))
    // The entries' recorded symptoms are customer wordings too: the team is matched on them meanwhile.
    expect(recovered.model.scores(TEAM, tokenize('gateway timeout on export'), 3)[0]?.entryId).toBe(
      'kb-export'
    )
    recovered.learn(resolvedCase('T-2'), [outcome('confirmed', samlEntry())])
    await recovered.flush()
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 2, team: TEAM })
    expect(best(await open())).toMatchObject({ entryId: 'kb-saml' })
  })
})

describe('wording memory in the engine', () => {
  it('learns at each resolution and saves each team beside its knowledge', async () => {
    const dir = await tempDir()
    const harness = await runToEnd(dir)
    await harness.engine.stop()
    const learnedInto = new Set(
      harness.activity.flatMap((item) =>
        'entry' in item && ['merged', 'confirmed', 'corrected'].includes(item.type)
          ? [`${item.entry.team}/${item.entry.id}`]
          : []
      )
    )
    expect(learnedInto.size).toBeGreaterThan(0)
    const saved = new Set<string>()
    for (const name of await readdir(join(dir, 'wordings'))) {
      const file = JSON.parse(await readFile(join(dir, 'wordings', name), 'utf8'))
      for (const id of file.entries.ids) saved.add(`${file.team}/${id}`)
    }
    expect(saved).toEqual(learnedInto)
  })

  it("learns and saves nothing when switched off (the evaluation's ablation)", async () => {
    const dir = await tempDir()
    const host = createNodeHost({ dataDir: dir, resourcesDir, logger: recordingLogger(), env: {} })
    const engine = createEngine(host, { source: { kind: 'demo', speed: 'max' }, wordingModel: false })
    await engine.start()
    await engine.whenSourceIdle()
    await engine.stop()
    expect(await readdir(dir)).toContain('knowledge')
    expect(await readdir(dir)).not.toContain('wordings')
  })
})
