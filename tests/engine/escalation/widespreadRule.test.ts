/**
 * The default "Many customers or regions affected" rule alerts on evidence of several customers or regions, never on
 * one customer's own people ("nobody can log in" at one company) or own clients ("other customers we load data
 * for") and never on a question about an outage.
 */
import { describe, expect, it } from 'vitest'
import { EscalationWatch } from '../../../src/main/engine/escalation/escalationWatch'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, message } from '../../helpers/knowledgeFixtures'

async function alerts(text: string): Promise<string[]> {
  const state = conversation()
  const trigger = message(state, 'customer', text, 0)
  const found = await new EscalationWatch(() => {}).check(
    state,
    trigger,
    new Date(at(0)),
    defaultSettings().escalation,
    null
  )
  return found.map((alert) => alert.title)
}

const WIDESPREAD = 'Many customers or regions affected'

describe('the many-customers-or-regions rule', () => {
  it.each([
    'Hi team, after our annual key rotation in OneLogin this afternoon nobody can log in to Nimbus.',
    'Is there an outage? Since lunchtime our users get an error. Account acct_1, about 140 users.',
    'Nobody on our whole team can sign in, all of our users get the same error.',
    'All of our customers see errors at checkout since the upgrade.',
    'Are other customers affected too?',
    // The customer's own clients (a data vendor's, an agency's): one customer of ours, however many of theirs.
    'Other customers we load data for see the same.',
    'Several clients that we manage get the same error.',
    'Many customers of ours complain about the export.'
  ])("does not fire on one customer's own people or on a question: %s", async (text) => {
    expect(await alerts(text)).not.toContain(WIDESPREAD)
  })

  it.each([
    'EU and US customers both get errors on export.',
    'Other Nimbus customers see the same errors since this morning.',
    'We hear from several clients on your platform that exports fail.',
    'Other customers in our region see the same.',
    'Users in several countries report the login error.',
    'There seems to be a widespread outage in Europe.'
  ])('fires on evidence of several customers or regions: %s', async (text) => {
    expect(await alerts(text)).toContain(WIDESPREAD)
  })
})
