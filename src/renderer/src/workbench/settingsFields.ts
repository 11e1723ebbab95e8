/** The numeric settings the form shows, with the same bounds as the settings schema (the engine still decides). */
export type SettingsSection = 'pipeline' | 'learning' | 'demo' | 'overlay' | 'llm' | 'escalation'

export interface NumberField {
  section: SettingsSection
  key: string
  label: string
  hint: string
  min: number
  max: number
  step: number
}

export const numberFields: NumberField[] = [
  {
    section: 'pipeline',
    key: 'answerThreshold',
    label: 'Answer threshold',
    hint: 'Minimum similarity (0–1) before Vigil speaks',
    min: 0,
    max: 1,
    step: 0.05
  },
  {
    section: 'pipeline',
    key: 'cooldownSeconds',
    label: 'Cooldown (seconds)',
    hint: 'Quiet period after a suggestion on the same ticket',
    min: 0,
    max: 86_400,
    step: 10
  },
  {
    section: 'pipeline',
    key: 'duplicateSimilarity',
    label: 'Duplicate similarity',
    hint: 'Suppress a suggestion this similar (0–1) to one already shown',
    min: 0,
    max: 1,
    step: 0.05
  },
  {
    section: 'pipeline',
    key: 'stalledAfterMinutes',
    label: 'Stalled after (minutes)',
    hint: 'An unanswered customer message this old wakes Vigil',
    min: 1,
    max: 10_080,
    step: 1
  },
  {
    section: 'pipeline',
    key: 'maxCitations',
    label: 'Citations per suggestion',
    hint: '1 to 3',
    min: 1,
    max: 3,
    step: 1
  },
  {
    section: 'pipeline',
    key: 'messageBudgetSeconds',
    label: 'Model time per message (s)',
    hint: 'Past it, the message gets the retrieval-only card',
    min: 1,
    max: 600,
    step: 1
  },
  {
    section: 'learning',
    key: 'mergeThreshold',
    label: 'Merge threshold',
    hint: 'Similarity (0–1) above which a learned entry merges into an existing one',
    min: 0,
    max: 1,
    step: 0.05
  },
  {
    section: 'learning',
    key: 'minObservations',
    label: 'Cases before going live',
    hint: 'Resolved cases that must agree before a learned entry is used',
    min: 1,
    max: 100,
    step: 1
  },
  {
    section: 'learning',
    key: 'retireAfterFailures',
    label: 'Retire after failures',
    hint: 'Cases that refute an entry before it is retired',
    min: 1,
    max: 100,
    step: 1
  },
  {
    section: 'learning',
    key: 'targetAcceptance',
    label: 'Target acceptance',
    hint: 'Share (0.1–1) of shown suggestions that should be adopted or liked',
    min: 0.1,
    max: 1,
    step: 0.05
  },
  {
    section: 'demo',
    key: 'speed',
    label: 'Demo speed',
    hint: 'Multiple of the demo’s designed pace, 1 = as designed (the demo bar under the header changes it while it runs)',
    min: 0.1,
    max: 100_000,
    step: 0.1
  },
  {
    section: 'overlay',
    key: 'opacity',
    label: 'Overlay opacity',
    hint: '0.3 to 1',
    min: 0.3,
    max: 1,
    step: 0.02
  },
  {
    section: 'llm',
    key: 'threads',
    label: 'CPU threads',
    hint: '0: one per core, less one',
    min: 0,
    max: 256,
    step: 1
  },
  {
    section: 'llm',
    key: 'contextSize',
    label: 'Context size (tokens)',
    hint: 'Context window of the local model',
    min: 256,
    max: 131_072,
    step: 256
  },
  {
    section: 'llm',
    key: 'remoteContextSize',
    label: 'Context size (tokens)',
    hint: "0: as the server's model list says, else 4096",
    min: 0,
    max: 1_048_576,
    step: 256
  },
  {
    section: 'llm',
    key: 'timeoutMs',
    label: 'Time budget (ms)',
    hint: 'Longest one model call may take',
    min: 1000,
    max: 600_000,
    step: 1000
  },
  {
    section: 'llm',
    key: 'maxConcurrentCalls',
    label: 'Model calls at once',
    hint: 'Across all tickets; the rest wait their turn',
    min: 1,
    max: 64,
    step: 1
  },
  {
    section: 'llm',
    key: 'assistBudgetSeconds',
    label: 'Model time per Ask or summary (s)',
    hint: 'Past it, the analyst gets the answer or summary from knowledge alone',
    min: 1,
    max: 600,
    step: 1
  },
  {
    section: 'llm',
    key: 'learningBudgetSeconds',
    label: 'Model time per learned case (s)',
    hint: "Past it, the case is learned from the analysts' own words",
    min: 1,
    max: 1800,
    step: 1
  },
  {
    section: 'escalation',
    key: 'suppressMinutes',
    label: 'Quiet period (minutes)',
    hint: 'The same rule does not alert again on a ticket within this time',
    min: 0,
    max: 10_080,
    step: 5
  }
]
