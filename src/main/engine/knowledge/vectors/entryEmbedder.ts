/**
 * Where a team's entry vectors come from: the embedding model, when one is configured. The store embeds each entry
 * it indexes (title, problem, symptoms and resolution, as one text) and each hybrid query.
 */
import type { KnowledgeEntry } from '../../../../shared/domain'

export interface EntryEmbedder {
  /**
   * Names the model (and anything else that changes its vectors): saved vectors of another model are not used, they
   * are derived again.
   */
  readonly model: string
  /** Dimensions of every vector `embed` returns. */
  readonly dimensions: number
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>
}

/** The text of an entry that is embedded. */
export function embeddedText(entry: KnowledgeEntry): string {
  return [entry.title, entry.problem, ...entry.symptoms, ...entry.resolution].join('\n')
}

/** Embeds `texts` and checks what came back (count and dimensions), so a bad model answer never reaches the index. */
export async function embedChecked(embedder: EntryEmbedder, texts: string[]): Promise<number[][]> {
  if (texts.length === 0) return []
  const vectors = await embedder.embed(texts)
  if (vectors.length !== texts.length)
    throw new Error(`the embedding model returned ${vectors.length} vectors for ${texts.length} texts`)
  for (const vector of vectors) {
    if (vector.length !== embedder.dimensions)
      throw new Error(
        `the embedding model returned a vector of ${vector.length} dimensions, not ${embedder.dimensions}`
      )
  }
  return vectors
}
