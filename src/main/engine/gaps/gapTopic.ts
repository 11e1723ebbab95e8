/**
 * What a knowledge gap is about, normalised so that tickets raising the same problem in other words count as one
 * gap: the subject's content words (lower case, stop words out), compared by their stems, or the problem texts.
 */
import { cosine, normalize, type SparseVector } from '../text/similarity'
import { termFrequencies, tokenize } from '../text/tokenize'

/** Content words of a topic, at most this many. */
const TOPIC_WORDS = 8
/** Two topics are the same problem when their stems overlap this much (Jaccard)... */
const SAME_TOPIC_WORDS = 0.5
/** ...or their problem texts are this similar (cosine of term frequencies). */
const SAME_PROBLEM_TEXT = 0.5

/** A topic ready for comparison (computed once per gap: comparing is on every unanswered message). */
export interface TopicKey {
  stems: ReadonlySet<string>
  text: SparseVector
  /** The problem text's tokens, for scoring it against knowledge entries. */
  tokens: readonly string[]
}

/** The topic's key words from the subject, or from the problem text when the subject says too little. */
export function topicOf(subject: string, problem: string): string {
  const fromSubject = contentWords(subject)
  const words = fromSubject.length >= 2 ? fromSubject : contentWords(problem)
  return words.slice(0, TOPIC_WORDS).join(' ')
}

export function topicKey(topic: string, query: string): TopicKey {
  const tokens = tokenize(query)
  return { stems: new Set(tokenize(topic)), text: normalize(termFrequencies(tokens)), tokens }
}

export function sameTopic(a: TopicKey, b: TopicKey): boolean {
  let shared = 0
  for (const stem of a.stems) if (b.stems.has(stem)) shared++
  const union = a.stems.size + b.stems.size - shared
  if (union > 0 && shared / union >= SAME_TOPIC_WORDS) return true
  return cosine(a.text, b.text) >= SAME_PROBLEM_TEXT
}

function contentWords(text: string): string[] {
  const words = text
    .replace(/\[(?:email|id|ip|time|number|phone|token|user|name)\]/g, ' ')
    .replace(/['’]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}_-]+/u)
    .filter((word) => tokenize(word).length > 0)
  return [...new Set(words)]
}
