/**
 * Sentences a resolution owes to its case ("Since the rotation, ...", "... already the next day in UTC." about a
 * workspace set to UTC), chat wrapped around an instruction, and asides in the customer's problem: each learned so
 * that it reads right on another customer's ticket.
 */
import { describe, expect, it } from 'vitest'
import {
  selfContainedOpener,
  settingValues,
  withSettingValue,
  withoutEventOpener
} from '../../../src/main/engine/learning/caseContext'
import { distill } from '../../../src/main/engine/learning/distill'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { withoutChatter } from '../../../src/main/engine/learning/stepChatter'
import { at, conversation, message } from '../../helpers/knowledgeFixtures'

const ROTATION =
  "Since the rotation, Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."

describe('an event the case told of', () => {
  it('is named by its kind when the case said it, and dropped when it did not', () => {
    const asked =
      'Has anything changed on the Okta side, for example a certificate rotation or edits to the app?'
    expect(selfContainedOpener(ROTATION, asked)).toBe(
      "After a certificate rotation, Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."
    )
    expect(selfContainedOpener(ROTATION, 'Okta rotated it over the weekend.')).toBe(
      "Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."
    )
    expect(withoutEventOpener(ROTATION)).toBe(
      "Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."
    )
  })

  it('stays when the sentence says which event itself', () => {
    const named = 'Since the March release, each report can override the workspace zone.'
    expect(selfContainedOpener(named, 'the release')).toBe(named)
    expect(withoutEventOpener(named)).toBe(named)
    expect(withoutEventOpener('Since Authy still has the entry, the secret is probably fine.')).toBe(
      'Since Authy still has the entry, the secret is probably fine.'
    )
  })
})

describe("a setting's value the customer read out", () => {
  const messages = [
    {
      role: 'customer' as const,
      text: 'Tickets from Monday evening show up on Tuesday. We are in Vancouver.'
    },
    {
      role: 'analyst' as const,
      text: 'Which time zone is set under Admin > General > Workspace time zone? Reports group by day in that zone.'
    },
    { role: 'customer' as const, text: 'It says (UTC) Coordinated Universal Time.' }
  ]

  it('is said with the explanation that holds because of it', () => {
    const values = settingValues(messages)
    expect([...values]).toEqual([['UTC', 'Workspace time zone']])
    expect(withSettingValue('Anything late in your local day is already the next day in UTC.', values)).toBe(
      'With the workspace time zone set to UTC, anything late in your local day is already the next day in UTC.'
    )
    // Names the setting already, or does not lean on the value: as it was.
    const says = 'The workspace time zone is UTC, so days end at 16:00 for you.'
    expect(withSettingValue(says, values)).toBe(says)
    expect(withSettingValue('Reports recalculate within minutes.', values)).toBe(
      'Reports recalculate within minutes.'
    )
  })

  it('is no value when somebody wrote it before the question, or no setting was asked about', () => {
    expect(
      settingValues([{ ...messages[0]!, text: 'Our reports are in UTC.' }, ...messages.slice(1)]).size
    ).toBe(0)
    expect(
      settingValues([messages[0]!, { role: 'analyst', text: 'Which time zone do you use?' }, messages[2]!])
        .size
    ).toBe(0)
  })
})

describe('chat around an instruction', () => {
  it('leaves the instruction', () => {
    expect(
      withoutChatter(
        'If you ever want to automate it, the same thing is available through the API: POST /v2/exports.'
      )
    ).toBe('To automate it, the same thing is available through the API: POST /v2/exports.')
    expect(
      withoutChatter('Afterwards, request a new reset link; old links expire after 60 minutes anyway.')
    ).toBe('Afterwards, request a new reset link.')
    expect(withoutChatter('Request a new link anyway.')).toBe('Request a new link.')
    const plain = 'If the export fails again, start it from Data > Exports.'
    expect(withoutChatter(plain)).toBe(plain)
  })

  it('is left out when learned and on the card of an entry stored with it', () => {
    const card = distill([
      'Check the Proofpoint quarantine for messages from our sender and release them.',
      'Afterwards, request a new reset link; old links expire after 60 minutes anyway.'
    ])
    expect(card).toBe(
      '1. Check the Proofpoint quarantine for messages from our sender and release them.\n' +
        '2. Afterwards, request a new reset link.'
    )
  })
})

describe("the customer's problem", () => {
  it('keeps what they found, without their guesses and the yes that answered a question', () => {
    const state = conversation('T-tz')
    state.ticket = { ...state.ticket, subject: 'Weekly report puts late tickets in the wrong day' }
    message(state, 'customer', 'Our weekly report counts Friday evening tickets under Saturday.', 0)
    message(state, 'analyst', 'Do both teams need to see days in their own local time?', 3)
    message(
      state,
      'customer',
      'Yes, Denver wants Denver days and Sydney wants Sydney days. I guess nobody changed it when we set up.',
      5
    )
    message(
      state,
      'analyst',
      "Open the report and choose Report settings > Day boundaries. Select Viewer's time zone. Ask each viewer to check Profile > Time zone.",
      8
    )
    state.resolve(at(12))
    const problem = extractCase(state)!.problem
    expect(problem).toContain('Denver wants Denver days and Sydney wants Sydney days.')
    expect(problem).not.toMatch(/\bYes\b|I guess/)
  })
})
