/**
 * Realistic knowledge entries and queries for `vigil bench knowledge`, derived from the public data folder.
 *
 * The data holds a few thousand real problems (Jira summaries and descriptions of gitbugs-hadoop, Ubuntu IRC help
 * threads, Twitter customer-care conversations), fewer than the 100k entries a team reaches in a year. So every
 * entry is assembled from real pieces: a real title, a problem of two to four real sentences, real chat lines as
 * symptoms and real answers as resolution steps, drawn with a fixed seed so every run builds the same store.
 * Queries are real customer messages that no entry was built from: the Twitter customers' messages and the opening
 * lines of one IRC thread in ten, both held out of the pools.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { emptyCounters, type KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { EntryEmbedder } from '../../engine/knowledge/vectors/entryEmbedder'
import { loadCdpFile } from '../cdp/twitterCdp'
import { loadHadoopIssues } from '../duplicates/hadoopIssues'
import { loadIrcThreads } from '../irc/ircThreads'

export interface KnowledgeCorpus {
  titles: string[]
  sentences: string[]
  chatLines: string[]
  answers: string[]
  queries: string[]
  /** What was read, for the report: source name and pieces taken. */
  sources: Record<string, number>
}

const hadoopFile = 'gitbugs-hadoop/hadoop_bugs.csv'
const ircDir = 'ubuntu-irc/train'
const cdpFile = 'twitter-cdp/dev.json'

/** Reads every source present under `dataDir`; NOT_FOUND naming the folder when none is. */
export async function loadKnowledgeCorpus(dataDir: string): Promise<KnowledgeCorpus> {
  const corpus: KnowledgeCorpus = {
    titles: [],
    sentences: [],
    chatLines: [],
    answers: [],
    queries: [],
    sources: {}
  }
  if (existsSync(join(dataDir, hadoopFile))) {
    const { issues } = await loadHadoopIssues(join(dataDir, hadoopFile))
    for (const issue of issues) {
      corpus.titles.push(clip(issue.summary, 300))
      corpus.sentences.push(...sentencesOf(issue.description))
    }
    corpus.sources['gitbugs-hadoop'] = issues.length
  }
  if (existsSync(join(dataDir, ircDir))) {
    const { threads } = await loadIrcThreads(join(dataDir, ircDir))
    threads.forEach((thread, index) => {
      const said = thread.lines.filter((line) => line.nick !== null && line.text.length >= 15)
      if (said.length === 0) return
      // One thread in ten is held out: its opening lines are queries no entry contains.
      if (index % 10 === 0) return void corpus.queries.push(...said.slice(0, 2).map((line) => line.text))
      corpus.titles.push(clip(said[0]!.text, 300))
      corpus.chatLines.push(...said.slice(0, 3).map((line) => clip(line.text, 2000)))
      corpus.answers.push(...said.slice(3).map((line) => clip(line.text, 4000)))
    })
    corpus.sources['ubuntu-irc'] = threads.length
  }
  if (existsSync(join(dataDir, cdpFile))) {
    const { cases } = await loadCdpFile(join(dataDir, cdpFile))
    for (const item of cases) {
      for (const turn of item.turns) {
        if (turn.role === 'customer') corpus.queries.push(turn.text)
        else corpus.answers.push(clip(turn.text, 4000))
      }
    }
    corpus.sources['twitter-cdp'] = cases.length
  }
  if (corpus.titles.length === 0 || corpus.queries.length === 0) {
    throw new VigilError(
      ErrorCode.notFound,
      `no public data under ${dataDir} to build entries and queries from (looked for ${hadoopFile}, ${ircDir}/, ` +
        `${cdpFile}): pass --data with the shared data folder`
    )
  }
  // The same line can occur in two threads ("thanks, that worked"): a query must not be any entry's text.
  const pooled = new Set([...corpus.titles, ...corpus.sentences, ...corpus.chatLines, ...corpus.answers])
  corpus.queries = corpus.queries.filter((query) => !pooled.has(query.trim()))
  // Sources without prose (only IRC, say) still give every entry a problem and steps.
  if (corpus.sentences.length === 0) corpus.sentences.push(...corpus.chatLines)
  if (corpus.answers.length === 0) corpus.answers.push(...corpus.sentences)
  if (corpus.chatLines.length === 0) corpus.chatLines.push(...corpus.sentences)
  return corpus
}

/** Entry `index` of the store (the same for the same index and corpus). */
export function corpusEntry(corpus: KnowledgeCorpus, team: string, index: number): KnowledgeEntry {
  const next = random(index + 1)
  const pick = (pool: string[]): string => pool[Math.floor(next() * pool.length)]!
  const some = (pool: string[], min: number, max: number): string[] =>
    Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(pool))
  const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString()
  return {
    id: `bench-${index}`,
    team,
    title: pick(corpus.titles),
    problem: clip(some(corpus.sentences, 2, 4).join(' '), 20_000),
    symptoms: some(corpus.chatLines, 1, 2),
    resolution: some(corpus.answers, 1, 3),
    sourceTicketIds: [`ticket-${index}`],
    author: 'learned',
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    counters: emptyCounters()
  }
}

/**
 * A 384-d (or `dims`) embedding of text by feature hashing: each word adds ±1 to one dimension, then unit length.
 * Not a language model, but text-derived, so similar texts get similar vectors and vector search does real work.
 */
export function hashEmbedding(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0)
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < 2) continue
    let hash = 2166136261
    for (let i = 0; i < word.length; i += 1) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619)
    vector[(hash >>> 1) % dims]! += hash & 1 ? 1 : -1
  }
  const norm = Math.hypot(...vector) || 1
  return vector.map((value) => value / norm)
}

/** The similarity threshold both hybrid runs use: hashed features of unrelated texts score near 0. */
export const hybridSimilarity = 0.1

/**
 * The bench's embedding model: `hashEmbedding`, since no embedding model is available where the bench runs. Vigil's
 * store embeds the same text (title, problem, symptoms, resolution) as the plain Orama run gets.
 */
export function hashEmbedder(dims: number): EntryEmbedder {
  return {
    model: `hashed-word-features-${dims}`,
    dimensions: dims,
    embed: async (texts) => texts.map((text) => hashEmbedding(text, dims))
  }
}

export const entryText = (entry: KnowledgeEntry): string =>
  [entry.title, entry.problem, ...entry.symptoms, ...entry.resolution].join('\n')

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 20 && sentence.length <= 400)
}

function clip(text: string, max: number): string {
  const trimmed = text.trim() || '(empty)'
  return trimmed.length <= max ? trimmed : trimmed.slice(0, max)
}

/** mulberry32: a small seeded generator, so the store is the same on every run. */
function random(seed: number): () => number {
  let state = Math.imul(seed, 0x9e3779b1) >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
