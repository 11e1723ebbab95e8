/**
 * A regular expression's syntax error in words an analyst can act on, instead of the JavaScript engine's
 * ("Invalid regular expression: /(a/i: Unterminated group"). The engine's own words are kept only for an error
 * not listed here.
 */
const plainWords: Array<[RegExp, string]> = [
  [/Unterminated group/i, 'it has an unclosed parenthesis: a "(" without its ")"'],
  [/Unmatched '\)'/i, 'it has a ")" with no "(" before it'],
  [/Unterminated character class/i, 'it has an unclosed bracket: a "[" without its "]"'],
  [
    /Nothing to repeat/i,
    'it has a *, + or ? with nothing before it to repeat (write \\* or \\+ or \\? to match the character itself)'
  ],
  [/\\ at end of pattern/i, 'it ends with a lone backslash (write \\\\ to match a backslash)'],
  [
    /numbers out of order/i,
    'it has a repeat count the wrong way round, like {5,2}: write the smaller number first'
  ],
  [
    /Range out of order/i,
    'it has a range the wrong way round in brackets, like [z-a]: write the lower end first'
  ],
  [
    /Lone quantifier brackets|Incomplete quantifier/i,
    'it has a "{" or "}" that is not a repeat count like {2,5} (write \\{ to match the character)'
  ],
  [
    /Invalid group/i,
    'it has a "(?" that starts no kind of group Vigil knows: use (?: ), (?= ), (?! ), (?<= ) or (?<! )'
  ],
  [
    /capture group name|named capture referenced|named reference/i,
    'it has a group name that is invalid, repeated or never defined'
  ],
  [/too large/i, 'it is too large']
]

/** The plain-words problem of a pattern that does not compile, from the error `new RegExp` threw. */
export function regexSyntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const words = plainWords.find(([engineWords]) => engineWords.test(message))?.[1]
  if (words) return words
  // Not one of the errors above: the engine's detail, without its restatement of the whole pattern.
  const detail = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')
  return `it is not a valid regular expression (${detail})`
}
