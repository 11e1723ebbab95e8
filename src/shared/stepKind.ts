/**
 * Which sentences of a knowledge entry's resolution are instructions: shared by the engine's distiller (the card)
 * and the Knowledge screen (the full entry), so both number the same sentences as steps and no explanation ("Anything
 * late in your local day ...") or remark ("It handles daylight saving automatically.") reads as a step to follow.
 */

/** Words that open an instruction ("Open ...", "In Okta, open ...", "Back in Nimbus, click ..."). */
const ACTION_VERBS =
  "add|allow|apply|ask|avoid|back|bookmark|call|change|check|checkpoint|choose|clear|click|close|configure|confirm|connect|consider|contact|copy|create|decouple|delete|disable|disconnect|dm|do not|don't|download|drop|edit|email|enable|ensure|enter|export|fetch|filter|follow|generate|go|grant|have|head|honou?r|increase|install|invite|keep|leave|limit|log|make sure|make|message|monitor|move|narrow|navigate|never|open|paste|pick|point|poll|press|raise|reboot|reconnect|reduce|refresh|regenerate|reinstall|release|remove|rename|renew|reopen|replace|replay|request|resend|reset|restart|restore|retry|return|revoke|rotate|run|save|schedule|select|send|set|share|sign|sleep|stagger|start|switch|sync|tap|tell|toggle|try|turn|uncheck|uninstall|unlock|update|upgrade|upload|use|validate|verify|visit|wait|watch|write"
const ACTION = new RegExp(
  `^(?:(?:please|then|also|first|next|finally|afterwards|once [^,]+|if [^,]+|when [^,]+|in [^,]+|at [^,]+|on [^,]+|from [^,]+|back in [^,]+|for [^,]+),?\\s+)*(?:${ACTION_VERBS})\\b`,
  'i'
)
/** A UI path ("Admin > Security") or an endpoint is an instruction even when not phrased as one. */
const PATH = /\s>\s|\b(?:GET|POST|PUT|PATCH|DELETE)\s+\//

export const isAction = (sentence: string): boolean => ACTION.test(sentence) || PATH.test(sentence)

/** One line of a resolution as shown: a numbered step, or (number null) an explanation or note. */
export interface ResolutionLine {
  number: number | null
  text: string
}

/**
 * A resolution laid out for reading: what comes before the first instruction (the cause) apart, then the lines; an
 * instruction is a numbered step, a remark right after it joins its line ("Select your time zone. It handles
 * daylight saving automatically."), and any other sentence is an unnumbered note.
 */
export function resolutionLayout(steps: readonly string[]): {
  explanation: string[]
  lines: ResolutionLine[]
} {
  const first = steps.findIndex(isAction)
  if (first < 0) return { explanation: [...steps], lines: [] }
  const lines: ResolutionLine[] = []
  let number = 0
  let afterAction = false
  for (const step of steps.slice(first)) {
    const action = isAction(step)
    if (!action && afterAction) {
      lines[lines.length - 1]!.text += ` ${step}`
      afterAction = false
      continue
    }
    lines.push({ number: action ? ++number : null, text: step })
    afterAction = action
  }
  return { explanation: steps.slice(0, first), lines }
}
