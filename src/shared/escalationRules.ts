/**
 * The escalation settings group (`escalation` in `Settings`): the rules that flag a conversation for attention,
 * Vigil's default rules, and when an alert repeats or notifies.
 */
import { z } from 'zod'
import { patternProblem } from './patternSafety'

function refusePatternProblem(pattern: string, context: z.RefinementCtx): void {
  const problem = patternProblem(pattern)
  if (problem) context.addIssue({ code: 'custom', message: `pattern ${pattern} is refused: ${problem}` })
}

export const EscalationRule = z.object({
  id: z.string().min(1).max(60),
  name: z.string().min(1).max(120),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  /**
   * Case-insensitive regular expressions; any match flags the conversation, with or without a model. A pattern that
   * does not compile or can backtrack catastrophically is refused when saved (and dropped, with a warning, on load).
   */
  patterns: z.array(z.string().max(500).superRefine(refusePatternProblem)).max(30),
  /** What the rule means, for the model to judge messages the patterns miss (when a model is configured). */
  description: z.string().max(1_000),
  positiveExamples: z.array(z.string().max(500)).max(10),
  negativeExamples: z.array(z.string().max(500)).max(10),
  enabled: z.boolean()
})
export type EscalationRule = z.infer<typeof EscalationRule>

const defaultEscalationRules: EscalationRule[] = [
  {
    id: 'widespread',
    name: 'Many customers or regions affected',
    severity: 'critical',
    // Evidence of several customers or regions, never one customer's own people ("nobody on our team", "all our
    // users", "about 140 users") or own clients ("other customers we load data for": theirs, not ours), and never a
    // question ("Is there an outage?", "Are other customers affected?").
    patterns: [
      '(?<!\\b(?:our|my) )\\b(?:other|several|many|multiple|most|all|two|three|\\d+) (?:other )?(?:of (?:your|the) )?(?:(?!our\\b|my\\b)[a-z]+ )?(?:customers|clients|tenants|companies|organi[sz]ations|workspaces)\\b(?! (?:that |who |whom )?(?:we|i)\\b| of (?:ours|mine)\\b)(?![^.!?\\n]*\\?)',
      '\\b(?:customers|clients|users) (?:in|across|from) (?:several|multiple|many|all|different|both|two|three) (?:regions|countries|data ?cent(?:er|re)s)\\b',
      '\\b(?:several|multiple|many|all|different) (?:regions|countries|data ?cent(?:er|re)s|availability zones)\\b(?![^.!?\\n]*\\?)',
      '\\b(?:EU|US|UK|APAC|EMEA) and (?:EU|US|UK|APAC|EMEA) (?:customers|clients|users|regions)\\b',
      '\\b(?:widespread|global|platform[- ]wide|region(?:al|-wide)|major) (?:outage|incident|failure)\\b(?![^.!?\\n]*\\?)'
    ],
    description:
      'The problem affects several customers, or several regions or data centres, at once: not only one ' +
      "customer's own users or team.",
    positiveExamples: [
      'EU and US customers both get errors',
      'Other Nimbus customers in our region see the same errors'
    ],
    negativeExamples: [
      'I cannot log in on my laptop',
      'Nobody on our team can log in since the certificate rotation',
      'Is there an outage? All our users get an error',
      'Other customers we load data for see the same'
    ],
    enabled: true
  },
  {
    id: 'business-impact',
    name: 'Business impact',
    severity: 'high',
    patterns: [
      '\\b(?:losing (?:money|revenue|sales|customers)|revenue|production (?:is )?down|sla|penalt(?:y|ies))\\b',
      '\\b(?:cancel|terminate|end) (?:our|the) (?:contract|subscription|account)\\b'
    ],
    description: 'The customer loses money, production is down, or the contract is at risk.',
    positiveExamples: [
      'Our checkout has been down for an hour, we are losing sales',
      'We will cancel our contract'
    ],
    negativeExamples: ['How do I change my billing address?'],
    enabled: true
  },
  {
    id: 'angry',
    name: 'Angry or threatening customer',
    severity: 'high',
    patterns: [
      '\\b(?:lawyer|legal action|sue you|lawsuit|unacceptable|ridiculous|furious|worst (?:service|support))\\b',
      '\\b(?:report you|go public|twitter|social media)\\b'
    ],
    description: 'The customer is angry, threatens legal action, or threatens to go public.',
    positiveExamples: [
      'This is unacceptable, I am calling my lawyer',
      'Third time I write, worst support ever'
    ],
    negativeExamples: ['Thanks, that fixed it!', 'Could you check again please?'],
    enabled: true
  },
  {
    id: 'security',
    name: 'Security incident',
    severity: 'critical',
    patterns: [
      '\\b(?:breach|hacked|compromised|leak(?:ed)?|phishing|ransomware|malware|unauthori[sz]ed (?:access|login|charges?))\\b',
      '\\b(?:someone (?:else )?(?:logged|signed) in|stolen (?:password|credentials|account))\\b'
    ],
    description: 'An account, data or system may be compromised, or data may have leaked.',
    positiveExamples: [
      'There are logins from a country we have never been to',
      'Our API key was posted publicly'
    ],
    negativeExamples: ['How do I enable two-factor authentication?'],
    enabled: true
  },
  {
    id: 'vip',
    name: 'VIP customer',
    severity: 'medium',
    patterns: [],
    description: 'The customer is on the team’s VIP list (add their names or domains as patterns).',
    positiveExamples: [],
    negativeExamples: [],
    // Off until the team adds its VIPs: with no patterns it would only ever fire on a model's guess.
    enabled: false
  }
]

export const EscalationSettings = z.object({
  /** Watch conversations for these rules. Default true. */
  enabled: z.boolean().default(true),
  /** The same rule does not alert again on the same ticket within this many minutes. Default 60. */
  suppressMinutes: z.number().int().min(0).max(10_080).default(60),
  /** Show a desktop notification for alerts of this severity and above. Default high. */
  notifyFrom: z.enum(['low', 'medium', 'high', 'critical']).default('high'),
  rules: z.array(EscalationRule).max(50).default(defaultEscalationRules)
})
