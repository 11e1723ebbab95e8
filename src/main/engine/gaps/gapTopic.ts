/**
 * What a knowledge gap is about, normalised so that tickets raising the same problem in other words count as one
 * gap: the subject's content words (lower case, stop words out), compared by their stems.
 */
import { cosine, normalize } from '../text/similarity'
import { termFrequencies, tokenize } from '../text/tokenize'

/** Content words of a topic, at most this many. */
const TOPIC_WORDS = 8
/** Two topics are the same problem when their stems overlap this much (Jaccard)... */
const SAME_TOPIC_WORDS = 0.5
/** ...or their problem texts are this similar (cosine of term frequencies). */
const SAME_PROBLEM_TEXT = 0.5

/** The topic's key words from the subject, or from the problem text when the subject says too little. */
export function topicOf(subject: string, problem: string): string {
  const fromSubject = contentWords(subject)
  const words = fromSubject.length >= 2 ? fromSubject : contentWords(problem)
  return words.slice(0, TOPIC_WORDS).join(' ')
}

export function sameTopic(a: { topic: string; query: string }, b: { topic: string; query: string }): boolean {
  const stemsA = new Set(tokenize(a.topic))
  const stemsB = new Set(tokenize(b.topic))
  const shared = [...stemsA].filter((stem) => stemsB.has(stem)).length
  const union = new Set([...stemsA, ...stemsB]).size
  if (union > 0 && shared / union >= SAME_TOPIC_WORDS) return true
  const vector = (text: string) => normalize(termFrequencies(tokenize(text)))
  return cosine(vector(a.query), vector(b.query)) >= SAME_PROBLEM_TEXT
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
