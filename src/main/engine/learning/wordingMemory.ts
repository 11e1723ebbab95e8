/**
 * Keeps the wording model (what customers said for each entry's problem) up to date and on disk. At each
 * resolution the customer's side of the case, scrubbed, is learned for the entry the case was merged into,
 * corrected or confirmed. Each team's model is one JSON file under `wordings/`, replaced atomically; a file
 * that cannot be read is moved aside and the team's model is rebuilt from its entries' recorded symptoms (the
 * customer wordings the store already keeps), so damage costs detail, never the feature.
 */
import { mkdir, readdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { writeFileAtomically } from '../knowledge/durableFile'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import { folderNameForTeam } from '../knowledge/teamFolder'
import { WordingModel } from '../retrieval/wordingModel'
import { wordingFileData } from './wordingFile'
import { migratedWordings } from './wordingMigration'
import { scrubNames, scrubText } from '../text/scrub'
import { tokenize, TOKENIZER_VERSION } from '../text/tokenize'
import { linkPathWords, urlsIn } from '../text/urls'
import type { ConversationState } from '../watcher/conversationState'
import type { ReviewOutcome } from './caseReview'

/**
 * Outcomes that put the case under an existing entry. A case learned as a new entry is left out: its wording is the
 * entry's own text already, and counting it twice would only echo the text match (on the CDP dev set it cost
 * precision). Refuted and retired say which entry the case does not belong to.
 */
const BELONGS = new Set<ReviewOutcome['type']>(['merged', 'corrected', 'confirmed'])
/**
 * How much each word of a new entry's link path (`.../listen-offline-troubleshooting`) counts in the answer
 * posterior, against 1 for each distinct customer word of a case: the page the analyst sent names the problem in the
 * team's own words. On CDP dev, 2 to 5 did alike in an offline replay of the posterior
 * (`scripts/cdpEvidenceCeiling.ts`); 3 was run in the engine.
 */
const LINK_WORD_WEIGHT = 3

/** The words of the links a resolution sends (their paths, not hosts, ids or query strings), as matching tokens. */
export function linkWords(resolution: readonly string[]): string[] {
  return tokenize(urlsIn(resolution.join('\n')).flatMap(linkPathWords).join(' '))
}

/** Customer text learned per case: the opening of a long thread says what the problem is. */
const MAX_WORDING = 3_000
/** Resolutions remembered per team as learned: more than are ever in flight at a kill. */
const APPLIED_KEPT = 64

export class WordingMemory {
  readonly model = new WordingModel()
  private readonly dirty = new Set<string>()
  /** Per team, the keys of the last resolutions learned (see `learn`). */
  private readonly applied = new Map<string, string[]>()
  private writing: Promise<void> = Promise.resolve()
  private pending: Promise<void> | null = null

  private constructor(
    private readonly dir: string,
    private readonly warn: (message: string) => void
  ) {}

  /** Reads every team's file; teams with knowledge but no readable file are rebuilt from their entries. */
  static async open(
    dir: string,
    knowledge: KnowledgeStore,
    /** Told about a damaged file (moved aside) or a failed write (retried later). */
    warn: (message: string) => void
  ): Promise<WordingMemory> {
    const memory = new WordingMemory(dir, warn)
    const loaded = new Set<string>()
    for (const name of await jsonFiles(dir)) {
      const file = join(dir, name)
      const read = wordingFileData(await readJson(file))
      // Saved under an older tokenizer: its terms are carried over to today's stems, and the file written again.
      const data = read && read.tokenizer < TOKENIZER_VERSION ? migratedWordings(read, read.tokenizer) : read
      if (data) {
        if (data.columns) memory.model.loadColumns(data.team, data.columns)
        else memory.model.load(data.team, data.entries ?? {})
        // A format 1 file is written again as columns, which the next start reads far faster.
        if (!data.columns || data !== read) memory.dirty.add(data.team)
        if (data.evidence) memory.model.evidence.load(data.team, data.evidence)
        if (data.applied) memory.applied.set(data.team, data.applied)
        loaded.add(data.team)
        continue
      }
      // Kept for a person to look at; the next write starts a clean file.
      await rename(file, `${file}.damaged`).catch(() => undefined)
      memory.warn(
        `wordings/${name} could not be read and was moved aside; rebuilding from the team's entries`
      )
    }
    for (const team of knowledge.teams()) {
      if (loaded.has(team)) continue
      for (const entry of knowledge.entries(team)) {
        for (const symptom of entry.symptoms)
          memory.model.observe(team, entry.id, tokenize(scrubText(symptom)))
      }
      // Written even when empty (no entry has symptoms), so that the next start reads the file, not every entry.
      memory.dirty.add(team)
    }
    if (memory.dirty.size > 0) void memory.save()
    return memory
  }

  /** Learns the case's customer wording for each entry the case was resolved with; writes in the background. */
  learn(state: ConversationState, outcomes: readonly ReviewOutcome[], key?: string): void {
    const team = state.ticket.team
    const applied = this.applied.get(team) ?? []
    // Learned before a kill cut the resolution's learning short: its wordings were saved with this key.
    if (key !== undefined && applied.includes(key)) return
    let learned = false
    const counted = new Set<string>()
    for (const outcome of outcomes) {
      const counts = BELONGS.has(outcome.type) || outcome.type === 'learned'
      if (!counts || counted.has(outcome.entry.id)) continue
      counted.add(outcome.entry.id)
      // The provenance this resolution just added names the analyst messages the fix came from.
      const event = outcome.entry.provenance?.findLast((item) => item.ticketId === state.ticket.id)
      const tokens = caseWording(state, event?.messageIds?.[0])
      if (tokens.length === 0) continue
      // Every case counts for the posterior, a new entry's first case too (it is how often problems are new).
      const isNew = outcome.type === 'learned'
      // A new entry is also known by the words of the page its fix links: one customer's wording is thin evidence.
      const described = isNew
        ? { tokens: linkWords(outcome.entry.resolution), weight: LINK_WORD_WEIGHT }
        : undefined
      this.model.evidence.observe(state.ticket.team, outcome.entry.id, tokens, isNew, described)
      if (BELONGS.has(outcome.type)) this.model.observe(state.ticket.team, outcome.entry.id, tokens)
      learned = true
    }
    if (!learned) return
    if (key !== undefined) this.applied.set(team, [...applied, key].slice(-APPLIED_KEPT))
    this.dirty.add(state.ticket.team)
    void this.save()
  }

  /** Resolves once every change so far is on disk. */
  async flush(): Promise<void> {
    if (this.dirty.size > 0) void this.save()
    await this.writing
  }

  /** Coalesced: while one write runs, later changes are written together after it. */
  private save(): Promise<void> {
    this.pending ??= this.writing.then(async () => {
      this.pending = null
      const teams = [...this.dirty]
      this.dirty.clear()
      for (const team of teams) {
        try {
          await this.writeTeam(team)
        } catch (error) {
          this.dirty.add(team) // Retried with the next change or at shutdown.
          this.warn(`wordings for team "${team}" could not be saved: ${(error as Error).message}`)
        }
      }
    })
    this.writing = this.pending
    return this.pending
  }

  private async writeTeam(team: string): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const evidence = this.model.evidence.export(team)
    const data = {
      format: 2,
      team,
      tokenizer: TOKENIZER_VERSION,
      entries: this.model.exportColumns(team),
      ...(evidence ? { evidence } : {}),
      ...(this.applied.has(team) ? { applied: this.applied.get(team) } : {})
    }
    await writeFileAtomically(
      join(this.dir, `${folderNameForTeam(team)}.json`),
      [JSON.stringify(data)],
      this.dir
    )
  }
}

/**
 * The customer's side of a case as matching tokens: subject and customer messages, identifiers and names out. Only
 * what the customer wrote before the fix (`fixMessageId`, when known) describes the problem; what follows it
 * ("test connection is green now, thanks") reads the same for every problem.
 */
export function caseWording(state: ConversationState, fixMessageId?: string): string[] {
  const names = [...new Set(state.messages.map((message) => message.authorName))]
  const fix = state.messages.findIndex((message) => message.id === fixMessageId)
  const before = fix >= 0 ? state.messages.slice(0, fix) : state.messages
  const customer = before.filter((message) => message.authorRole === 'customer')
  const text = [state.ticket.subject, ...customer.map((message) => message.text)]
    .join('\n')
    .slice(0, MAX_WORDING)
  return tokenize(scrubNames(scrubText(text), names))
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new VigilError(
      ErrorCode.storageFailed,
      `Cannot read the wordings folder ${dir}: ${(error as Error).message}`
    )
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'))
  } catch {
    return null
  }
}
