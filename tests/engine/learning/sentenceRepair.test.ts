import { describe, expect, it } from 'vitest'
import { distill } from '../../../src/main/engine/learning/distill'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { repairSentence } from '../../../src/main/engine/learning/sentenceRepair'
import { conversation, message } from '../../helpers/knowledgeFixtures'

const BROKEN =
  "Since the rotation Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."
const MENDED =
  "Since the rotation, Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."
const SELF_CONTAINED =
  "After a certificate rotation, Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."

describe('repairSentence', () => {
  it('gives a "since" about a point in time its comma and keeps the "so"', () => {
    expect(repairSentence(BROKEN)).toBe(MENDED)
    expect(
      repairSentence('Since the March release each report can override the workspace zone, so pick one.')
    ).toBe('Since the March release, each report can override the workspace zone, so pick one.')
  })

  it('drops the second conjunction after a causal or concessive opener', () => {
    expect(repairSentence('Because the key expired, so every login is rejected.')).toBe(
      'Because the key expired, every login is rejected.'
    )
    expect(repairSentence('Although it says sent, but nothing arrives.')).toBe(
      'Although it says sent, nothing arrives.'
    )
  })

  it('says where to go when a menu path stands in front of the instruction', () => {
    expect(repairSentence('Admin > General > Workspace time zone, select your time zone.')).toBe(
      'Go to Admin > General > Workspace time zone and select your time zone.'
    )
    expect(repairSentence('iPhone Settings > General > Date & Time, switch on "Set Automatically".')).toBe(
      'Go to iPhone Settings > General > Date & Time and switch on "Set Automatically".'
    )
    expect(
      repairSentence('Settings > Battery > Background usage limits, and remove Nimbus from "Sleeping apps".')
    ).toBe('Go to Settings > Battery > Background usage limits and remove Nimbus from "Sleeping apps".')
  })

  it('leaves sound sentences as they are', () => {
    for (const sound of [
      MENDED,
      'Open Admin > General, select your time zone.',
      'In Nimbus: Admin > Security > Single sign-on > Replace certificate, and upload the file.',
      'Since then only the new secret is used.',
      'Since Authy still has the entry, the secret is probably fine.',
      'Rotating the secret takes effect immediately, so nothing matches.'
    ])
      expect(repairSentence(sound)).toBe(sound)
  })
})

describe('entries are mended when learned and when distilled', () => {
  it('learns the mended sentence from the analyst message, so the full entry and the card read right', () => {
    const state = conversation('T-sso')
    message(state, 'customer', 'Nobody can sign in, Okta sends us back with SSO-403.', 0)
    message(state, 'analyst', 'Has anything changed in Okta, for example a certificate rotation?', 2)
    message(state, 'customer', 'Yes, our identity person rotated it on Sunday.', 4)
    message(
      state,
      'analyst',
      `Yes, that's the cause. ${BROKEN}\n\n1. In Okta, open the Nimbus app > Sign On tab and download the new certificate.\n` +
        '2. In Nimbus go to Admin > Security > Single sign-on and click Replace certificate.',
      5
    )
    state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
    const learned = extractCase(state)!
    // "the rotation" is said where the case told which one: the sentence stands alone, on a card at another
    // customer's first message too.
    expect(learned.resolution).toContain(SELF_CONTAINED)
    expect(distill(learned.resolution).split('\n')[0]).toBe(SELF_CONTAINED)
  })

  it('mends the card of an entry stored with the broken sentence, without the rotation nobody told of', () => {
    const card = distill([BROKEN, 'In Okta, open the Nimbus app > Sign On tab and download the certificate.'])
    expect(card.split('\n')[0]).toBe(
      "Okta signs with a new key that Nimbus doesn't know yet, so every login is rejected."
    )
  })
})
