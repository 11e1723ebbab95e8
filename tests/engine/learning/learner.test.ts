import { describe, expect, it } from 'vitest'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { Learner } from '../../../src/main/engine/learning/learner'
import { createLlmRuntime } from '../../../src/main/engine/llm/createLlmRuntime'
import { ScriptedBackend } from '../../../src/main/engine/llm/scriptedBackend'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, message, openKnowledge } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const learning = defaultSettings().learning

function samlCase(id: string, wording: 'okta' | 'entra') {
  const state = conversation(id)
  state.ticket = {
    ...state.ticket,
    subject: wording === 'okta' ? 'Okta SSO login broken' : 'Entra SSO failing'
  }
  message(
    state,
    'customer',
    wording === 'okta'
      ? 'Hi, I am Casey (casey@example.com). Since 8am nobody can sign in through Okta: "SAML response signature validation failed", request 7c1e2a90-1b2c-4d5e-8f90-abcdef123456 from 198.51.100.23.'
      : 'Every login through Microsoft Entra SSO ends with "invalid signature on SAML response" since the IdP rotated its signing certificate.',
    0
  )
  message(state, 'analyst', 'Did your identity provider rotate its signing certificate recently?', 3)
  message(state, 'customer', 'Yes, yesterday I think.', 5)
  message(
    state,
    'analyst',
    'That explains it. Download the new SAML signing certificate from your identity provider. Then go to Admin > Security > Single sign-on and click Replace certificate. Save and run Test connection.',
    8
  )
  message(state, 'customer', 'That worked, thanks!', 12)
  state.resolve(at(15))
  return state
}

describe('extractCase', () => {
  it('keeps the article an analyst linked in a sentence that is no step (a lead-in, chit-chat or a question)', () => {
    const state = conversation('L-1')
    message(state, 'customer', 'Comments on my videos disappeared from the home page since the update.', 0)
    message(
      state,
      'analyst',
      'Sorry to hear that. Can you share a screenshot? Tell us which device you use. Clear the app cache and restart the app.',
      2
    )
    message(state, 'customer', 'Still broken on every device.', 4)
    message(
      state,
      'analyst',
      "Thanks for checking – we recommend reporting this through our feedback tool. Here's how: https://support.example.com/answer/4347644",
      6
    )
    state.resolve(at(8))
    const extracted = extractCase(state)!
    // The answer given after the diagnosis is the fix, with its link, though its only sentence with a link is a
    // three-word lead-in; what it says after its "Thanks for checking –" is a step of its own.
    expect(extracted.resolution).toContain('See https://support.example.com/answer/4347644')
    expect(extracted.resolution).toContain('We recommend reporting this through our feedback tool.')
    expect(extracted.resolution.join(' ')).not.toMatch(/Here's how|Sorry to hear|Thanks for checking/)
  })

  it("does not keep a link to the customer's own site", () => {
    const state = conversation('L-2')
    message(state, 'customer', 'My site https://shop.brightlane.example.net shows a certificate warning.', 0)
    message(
      state,
      'analyst',
      'Renew the certificate under Domains > SSL and wait ten minutes. Is https://shop.brightlane.example.net fine now?',
      2
    )
    state.resolve(at(4))
    expect(extractCase(state)!.resolution.join(' ')).not.toContain('brightlane')
  })

  it('takes the problem from the customer and the resolution from the analyst, scrubbed', () => {
    const extracted = extractCase(samlCase('T-1', 'okta'))!
    expect(extracted.problem).toContain('SAML response signature validation failed')
    expect(extracted.problem).not.toMatch(/casey@example\.com|198\.51\.100\.23|7c1e2a90|Casey/)
    expect(extracted.resolution.join(' ')).toContain('Replace certificate')
    // The analyst's diagnostic question and the customer's thanks are not resolution steps.
    expect(extracted.resolution.join(' ')).not.toMatch(/rotate its signing certificate recently|worked/)
  })

  it('learns nothing from a ticket without analyst messages', () => {
    const state = conversation('T-2')
    message(state, 'customer', 'The export fails with a 504 error, please help', 0)
    message(state, 'bot', 'I could not solve this, connecting you to a human.', 1)
    expect(extractCase(state)).toBeNull()
  })
})

describe('Learner', () => {
  it('adds a new entry, then merges a differently worded case of the same problem into it', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const first = await learner.learn(samlCase('T-1', 'okta'), new Date(at(20)), learning)
    expect(first).toMatchObject({ outcome: 'learned', entry: { id: 'kb-T-1', sourceTicketIds: ['T-1'] } })

    const second = await learner.learn(samlCase('T-2', 'entra'), new Date(at(40)), learning)
    expect(second).toMatchObject({
      outcome: 'merged',
      entry: { id: 'kb-T-1', version: 2, sourceTicketIds: ['T-1', 'T-2'] }
    })
    expect(knowledge.entries('cloud-support')).toHaveLength(1)
    expect(knowledge.get('cloud-support', 'kb-T-1')!.symptoms).toHaveLength(2)
  })

  it('merges cases whose analysts linked the same article, and keeps cases linking different articles apart', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const linked = (id: string, problem: string, url: string) => {
      const state = conversation(id)
      message(state, 'customer', problem, 0)
      message(
        state,
        'analyst',
        `We have a support article that may help with that. Please see: ${url} *SR`,
        4
      )
      state.resolve(at(5))
      return state
    }
    const article = 'https://web.archive.org/web/20200401/https://support.example.com/articles/360012345'
    await learner.learn(
      linked('T-1', 'My game will not install on the console at all', article),
      new Date(at(9)),
      learning
    )
    const same = await learner.learn(
      linked('T-2', 'Download stuck at 80 percent, help', article.replace('20200401', '20200502')),
      new Date(at(19)),
      learning
    )
    expect(same).toMatchObject({
      outcome: 'merged',
      entry: { id: 'kb-T-1', sourceTicketIds: ['T-1', 'T-2'] }
    })
    const other = await learner.learn(
      linked(
        'T-3',
        'My game will not install on the console at all',
        'https://support.example.com/articles/999'
      ),
      new Date(at(29)),
      learning
    )
    expect(other).toMatchObject({ outcome: 'learned', entry: { id: 'kb-T-3' } })
  })

  it('counts the model embeddings in the same-problem check when a model is loaded', async () => {
    // An embedding that knows "locked out" and "cannot sign in" mean the same; plain word overlap does not.
    const topic = (text: string) => (/locked out|sign in|log in|login/i.test(text) ? [1, 0, 0] : [0, 0, 1])
    const runtime = createLlmRuntime(new ScriptedBackend(() => '{}', topic))
    const run = async (model: boolean) => {
      const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
      const learner = new Learner(
        knowledge,
        matcher,
        (id) => `kb-${id}`,
        () => (model ? runtime : null)
      )
      const strict = { ...learning, mergeThreshold: 0.6 }
      const first = conversation('E-1')
      message(first, 'customer', 'Every employee is locked out of the portal this morning.', 0)
      message(
        first,
        'analyst',
        'Your identity provider rotated its signing certificate. Upload the new certificate in Admin.',
        5
      )
      first.resolve(at(10))
      await learner.learn(first, new Date(at(20)), strict)
      const second = conversation('E-2')
      message(second, 'customer', 'Nobody here can sign in since the weekend, the page just reloads.', 0)
      message(
        second,
        'analyst',
        'The identity provider has a new signing certificate. Upload it under Admin > Security.',
        5
      )
      second.resolve(at(10))
      return (await learner.learn(second, new Date(at(40)), strict)).outcome
    }
    expect(await run(false)).toBe('learned')
    expect(await run(true)).toBe('merged')
  })

  it('keeps an unrelated problem as its own entry', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    await learner.learn(samlCase('T-1', 'okta'), new Date(at(20)), learning)
    const other = conversation('T-3')
    message(other, 'customer', 'Our CSV export of a full year of activity fails with 504 Gateway Timeout.', 0)
    message(
      other,
      'analyst',
      'Large exports must use the asynchronous export. Go to Data > Exports and create a new export for the range.',
      5
    )
    other.resolve(at(10))
    expect(await learner.learn(other, new Date(at(30)), learning)).toMatchObject({ outcome: 'learned' })
    expect(knowledge.entries('cloud-support')).toHaveLength(2)
  })

  it('learns a reopened and re-resolved ticket into the same entry, not a copy', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const state = samlCase('T-1', 'okta')
    await learner.learn(state, new Date(at(20)), learning)
    const again = await learner.learn(state, new Date(at(60)), learning)
    expect(again).toMatchObject({ outcome: 'merged', entry: { sourceTicketIds: ['T-1'] } })
    expect(knowledge.entries('cloud-support')).toHaveLength(1)
  })

  it('does nothing when learning is switched off', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const outcome = await learner.learn(samlCase('T-1', 'okta'), new Date(at(20)), {
      ...learning,
      enabled: false
    })
    expect(outcome.outcome).toBe('skipped')
    expect(knowledge.count()).toBe(0)
  })
})

/** The same certificate problem, told about one identity provider or another in near-identical words. */
function vendorCase(id: string, vendor: string, extraStep = '', short = false) {
  const state = conversation(id)
  state.ticket = { ...state.ticket, subject: `${vendor} SSO login fails with SSO-403` }
  message(
    state,
    'customer',
    `Since this morning nobody can sign in through ${vendor}: "SAML signature validation failed (SSO-403)".`,
    0
  )
  message(
    state,
    'analyst',
    short
      ? `In ${vendor}, download the new SAML signing certificate. Then click Replace certificate in Nimbus.`
      : `${vendor} rotated its signing certificate and Nimbus still has the old one. In ${vendor}, download the new ` +
          'SAML signing certificate. Then go to Admin > Security > Single sign-on and click Replace certificate. ' +
          `Save and run Test connection.${extraStep}`,
    3
  )
  state.resolve(at(10))
  return state
}

describe('Learner keeps vendors, products and error codes apart', () => {
  it('never merges near-identical cases about different vendors', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    await learner.learn(vendorCase('T-1', 'Okta'), new Date(at(20)), learning)
    const oneLogin = await learner.learn(vendorCase('T-2', 'OneLogin'), new Date(at(40)), learning)
    expect(oneLogin).toMatchObject({ outcome: 'learned', entry: { id: 'kb-T-2' } })
    const okta = await learner.learn(vendorCase('T-3', 'Okta'), new Date(at(60)), learning)
    expect(okta).toMatchObject({ outcome: 'merged', entry: { id: 'kb-T-1' } })
    const merged = knowledge.get('cloud-support', 'kb-T-1')!
    expect(merged.resolution.join(' ')).not.toContain('OneLogin')
    expect(merged.subjects).toEqual(expect.arrayContaining(['Okta', 'SSO-403']))
  })

  it('stores the distilled card when it learns and when it merges', async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const full = await learner.learn(vendorCase('T-0', 'Okta'), new Date(at(10)), learning)
    expect(full.outcome === 'learned' && full.entry.summary).toMatch(
      /Nimbus still has the old one\.\n1\. In Okta, download/
    )
    const { knowledge: other, matcher: otherMatcher } = await openKnowledge(await tempDir(), [])
    const fresh = new Learner(other, otherMatcher, (ticketId) => `kb-${ticketId}`)
    const learned = await fresh.learn(vendorCase('T-1', 'Okta', '', true), new Date(at(20)), learning)
    const second = vendorCase('T-2', 'Okta', ' Bookmark the owner bypass login page for emergencies.')
    const merged = await fresh.learn(second, new Date(at(40)), learning)
    expect(merged.outcome).toBe('merged')
    if (merged.outcome !== 'merged') return
    // The other case's step is on the full entry, not spliced into the card.
    expect(merged.entry.resolution.join(' ')).toContain('Bookmark the owner bypass')
    expect(merged.entry.summary).toBe(learned.outcome === 'learned' ? learned.entry.summary : '')
  })
})
