/**
 * BM25 for the baselines: MiniSearch (an independent library, its default BM25 parameters k=1.2 b=0.7 d=0.5, OR of
 * the query terms, no fuzzy or prefix matching) over text split by Vigil's own tokenizer (`engine/text/tokenize`:
 * lower case, the same stop words, the same suffix-stripping stemmer). Baseline and Vigil then see the same terms,
 * so a difference in results comes from ranking, not from tokenisation.
 */
import MiniSearch, { type Options } from 'minisearch'
import { tokenize } from '../../engine/text/tokenize'

export function vigilTokenizedMiniSearch<T>(options: Options<T>): MiniSearch<T> {
  const sameTerms = {
    tokenize: (text: string): string[] => tokenize(text),
    // Already lower-cased, filtered and stemmed by the tokenizer.
    processTerm: (term: string): string => term
  }
  return new MiniSearch<T>({
    ...options,
    ...sameTerms,
    searchOptions: { ...options.searchOptions, ...sameTerms }
  })
}
