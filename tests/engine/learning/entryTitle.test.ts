import { describe, expect, it } from 'vitest'
import { problemTitle, withoutIdentifiers } from '../../../src/main/engine/learning/entryTitle'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { Learner } from '../../../src/main/engine/learning/learner'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, entry, message, openKnowledge } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('problemTitle', () => {
  it.each([
    ['Nobody can sign in through Okta SSO this morning', 'Nobody can sign in through Okta SSO'],
    ['Webhook signature invalid since yesterday', 'Webhook signature invalid'],
    [
      'Custom domain stuck on "Pending verification" for two days',
      'Custom domain stuck on "Pending verification"'
    ],
    ['next_cursor suddenly returns 400 invalid_cursor', 'next_cursor returns 400 invalid_cursor'],
    ['Sync broken again since this morning', 'Sync broken'],
    ['We cannot log in for 3 days now', 'Cannot log in'],
    ['Our ETL vendor reports 429 errors since Monday', 'ETL vendor reports 429 errors']
  ])('leaves out when it happened: %s', (subject, title) => {
    expect(problemTitle(subject)).toBe(title)
  })

  it.each([
    ['Is Microsoft SSO down? "Invalid signature on SAML Response"', 'Invalid signature on SAML Response'],
    ['Re: URGENT: Is Microsoft SSO down?', 'Microsoft SSO down'],
    ['How do I change my billing address?', 'How to change the billing address'],
    ['Anyone else seeing 502 errors?', '502 errors']
  ])("states the problem, not the customer's question: %s", (subject, title) => {
    expect(problemTitle(subject)).toBe(title)
  })

  it.each([
    ['Charged twice for our plan upgrade', 'Charged twice for the plan upgrade'],
    [
      'Domain verification never completes (we use Cloudflare)',
      'Domain verification never completes (Cloudflare)'
    ],
    [
      'Verification emails going missing for our whole team',
      'Verification emails going missing for a whole team'
    ]
  ])('speaks of no one customer: %s', (subject, title) => {
    expect(problemTitle(subject)).toBe(title)
  })

  it('falls back to the opening of the problem when the subject says nothing', () => {
    expect(problemTitle('Help!', 'Our sync fails with HTTP 502. Please help.')).toBe(
      'Sync fails with HTTP 502'
    )
  })

  it("replaces one customer's hosts and resources with what they are", () => {
    const identifiers = new Map([
      ['help.acme.example.net', 'domain'],
      ['acme-backups-eu', 'bucket']
    ])
    expect(withoutIdentifiers('Custom domain help.acme.example.net stuck', identifiers)).toBe(
      'Custom domain stuck'
    )
    expect(withoutIdentifiers('Export to acme-backups-eu fails', identifiers)).toBe(
      'Export to the bucket fails'
    )
  })
})

describe('titles made when learned and merged', () => {
  const settings = defaultSettings().learning

  function case_(id: string, subject: string) {
    const state = conversation(id)
    state.ticket = { ...state.ticket, subject }
    message(
      state,
      'customer',
      'Our webhook receiver rejects every delivery: the signature does not match.',
      0
    )
    message(
      state,
      'analyst',
      'The signing secret was rotated. Copy the new secret under Settings > Webhooks and update your receiver.',
      5
    )
    state.resolve(at(10))
    return state
  }

  it('an extracted case is titled by its problem, without the time or the question', () => {
    const extracted = extractCase(
      case_('T-1', 'Is your API down? Webhook signature invalid since yesterday')
    )!
    expect(extracted.title).toBe('Webhook signature invalid')
  })

  it('a conversation without a subject (a chat, a tweet) is titled by its problem, said as a subject is', () => {
    const extracted = extractCase(case_('T-3', ''))!
    expect(extracted.problem).toMatch(/^Our webhook receiver rejects every delivery/)
    expect(extracted.title).toBe('Webhook receiver rejects every delivery: the signature does not match')
  })

  const oldEntry = (overrides: Parameters<typeof entry>[0]) =>
    entry({
      title: 'Webhook signature invalid since yesterday',
      problem: 'Our webhook receiver rejects every delivery: the signature does not match.',
      symptoms: ['Our webhook receiver rejects every delivery: the signature does not match.'],
      resolution: [
        'The signing secret was rotated.',
        'Copy the new secret under Settings > Webhooks and update your receiver.'
      ],
      ...overrides
    })

  async function mergeInto(stored: ReturnType<typeof entry>) {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [stored])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const outcome = await learner.learn(
      case_('T-2', 'Webhook deliveries rejected'),
      new Date(at(20)),
      settings
    )
    expect(outcome).toMatchObject({ outcome: 'merged', entry: { id: stored.id } })
    return knowledge.get('cloud-support', stored.id)!
  }

  it('an entry learned before titles were neutral gets one when a case is merged into it', async () => {
    expect((await mergeInto(oldEntry({ id: 'kb-old' }))).title).toBe('Webhook signature invalid')
  })

  it('never rewrites the title the team wrote', async () => {
    const team = oldEntry({ id: 'kb-team', author: 'human' })
    expect((await mergeInto(team)).title).toBe('Webhook signature invalid since yesterday')
  })
})
