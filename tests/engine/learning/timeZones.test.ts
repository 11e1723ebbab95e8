import { describe, expect, it } from 'vitest'
import { distill } from '../../../src/main/engine/learning/distill'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { generaliseDates, generaliseTimeZones } from '../../../src/main/engine/learning/generalise'
import { conversation, message } from '../../helpers/knowledgeFixtures'

/** A report case told as it happened: the customer is in Vancouver, the analyst answers in Vancouver time. */
function vancouverCase() {
  const state = conversation('T-tz')
  state.ticket = { ...state.ticket, subject: 'Daily report totals are shifted by one day' }
  message(
    state,
    'customer',
    'Our daily tickets report puts Monday evening tickets on Tuesday. We are in Vancouver.',
    0
  )
  message(state, 'analyst', 'Which time zone is set under Admin > General > Workspace time zone?', 2)
  message(state, 'customer', 'It says (UTC) Coordinated Universal Time.', 4)
  message(
    state,
    'analyst',
    'That explains it: anything after 16:00 or 17:00 Vancouver time is already the next day in UTC.\n\n' +
      '1. Admin > General > Workspace time zone, select (UTC-08:00) America/Vancouver. It handles daylight saving automatically.\n' +
      '2. Raw timestamps in exports and the API stay in UTC, so if you compare with exports, convert those.',
    6
  )
  state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
  return state
}

describe("one customer's time zone becomes the next customer's", () => {
  it('learns "your time zone" instead of the customer\'s city, and keeps UTC', () => {
    const steps = extractCase(vancouverCase())!.resolution
    const text = steps.join('\n')
    expect(text).not.toMatch(/Vancouver|UTC-08/)
    expect(text).toContain(
      'With the workspace time zone set to UTC, anything late in your local day is already the next day in UTC.'
    )
    expect(text).toContain('Go to Admin > General > Workspace time zone and select your time zone.')
    expect(text).toContain('stay in UTC')
  })

  it("says clock times in a place as early or late in the local day, and a place's time as local time", () => {
    expect(generaliseTimeZones('Tickets before 9am PST land on the previous day.')).toBe(
      'Tickets early in your local day land on the previous day.'
    )
    expect(generaliseTimeZones('Set it to Europe/Berlin, then compare with New York time.')).toBe(
      'Set it to your time zone, then compare with your local time.'
    )
  })

  it('leaves what is not a place alone: UTC, settings labels, POST endpoints, other words', () => {
    for (const sound of [
      'The attempt lock clears at 15:24 UTC.',
      'Open Admin > General > Workspace time zone.',
      'Switch to POST /v2/records/bulk after 17:00 if you can.',
      'Raw timestamps in exports stay in UTC.'
    ])
      expect(generaliseTimeZones(sound)).toBe(sound)
  })
})

describe('a remark after an instruction stays on its line', () => {
  it('is not numbered as a step of its own, and the steps keep their numbers and read as sentences', () => {
    const card = distill(extractCase(vancouverCase())!.resolution)
    expect(card.split('\n')).toEqual([
      'With the workspace time zone set to UTC, anything late in your local day is already the next day in UTC.',
      '1. Go to Admin > General > Workspace time zone and select your time zone. It handles daylight saving automatically.',
      '2. Raw timestamps in exports and the API stay in UTC, so if you compare with exports, convert those.'
    ])
  })

  it('numbers instructions with their remarks, and only the instructions', () => {
    const card = distill([
      'Download the new certificate.',
      'It is in PEM format.',
      'Upload it under Admin > Security.'
    ])
    expect(card.split('\n')).toEqual([
      '1. Download the new certificate. It is in PEM format.',
      '2. Upload it under Admin > Security.'
    ])
  })
})

describe('a day named relative to the case is left out of what is learned', () => {
  it('drops "this morning" and "since yesterday" where the sentence stands without them', () => {
    expect(
      generaliseDates('Your consumer kept matching the old one until the overlap ended this morning.')
    ).toBe('Your consumer kept matching the old one until the overlap ended.')
    expect(generaliseDates('Filter on failed deliveries since yesterday and click Resend all.')).toBe(
      'Filter on failed deliveries and click Resend all.'
    )
  })

  it('keeps it where the sentence needs it', () => {
    for (const sound of [
      'Since yesterday the job fails.',
      "It is in today's report.",
      'Between yesterday and today nothing changed.'
    ])
      expect(generaliseDates(sound)).toBe(sound)
  })
})
