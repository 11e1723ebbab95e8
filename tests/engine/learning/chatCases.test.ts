/**
 * Entries learned from chat and social-media conversations (no subject, replies addressed "@Customer", signed "^AB",
 * wrapped in apologies and thanks) are distilled like any other: the steps are the actions and links, the title a
 * short statement of the problem. The conversations here are made up, in the shape of public customer-care threads.
 */
import { describe, expect, it } from 'vitest'
import { chatTitle } from '../../../src/main/engine/learning/entryTitle'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import type { Message } from '../../../src/shared/domain'
import { ConversationState } from '../../../src/main/engine/watcher/conversationState'
import { at } from '../../helpers/knowledgeFixtures'

function tweets(id: string, turns: Array<[Message['authorRole'], string]>): ConversationState {
  const state = new ConversationState({
    id,
    subject: '',
    status: 'open',
    assignee: null,
    team: 'acme',
    createdAt: at(0),
    updatedAt: at(0)
  })
  turns.forEach(([role, text], index) =>
    state.addMessage({
      id: `${id}-m${index}`,
      ticketId: id,
      authorRole: role,
      authorName: role === 'customer' ? 'parcel_fan88' : 'AcmeHelp',
      text,
      time: at(index * 5)
    })
  )
  return state
}

const lateParcel = tweets('C-1', [
  [
    'customer',
    '@AcmeHelp my parcel was supposed to arrive yesterday and tracking still says label created, ordered a week ago. what is going on??'
  ],
  [
    'analyst',
    '@parcel_fan88 Sorry to hear that. Can you DM us your order number so we can look into it? ^KL'
  ],
  ['customer', '@AcmeHelp sent'],
  [
    'analyst',
    '@parcel_fan88 Thanks for waiting. You can check the delivery status and request a refund here: https://help.acme.example/late-parcel Hope this helps! ^KL'
  ]
])

const suspended = tweets('C-2', [
  [
    'customer',
    '@StreamCo hello dear team my channel got suspended for no reason, i emailed twice no answer, please help :('
  ],
  [
    'analyst',
    "@chan_owner Thanks for the tag – if you believe the suspension was done in error, you can appeal so that our review team takes another look. Here's how: https://support.streamco.example/answer/5521 Also, please delete this tweet with your email. We're sorry for the trouble!"
  ]
])

const noCalls = tweets('C-3', [
  [
    'customer',
    '@FoneCo @FoneCoSupport cant make calls since the update on my phone, keeps saying network error'
  ],
  ['analyst', "@caller_9 We're so sorry to hear this! Have you tried restarting the phone? Let us know."],
  ['customer', '@FoneCoSupport yes twice'],
  [
    'analyst',
    '@caller_9 Thanks! Please reset the network settings: Settings > General > Reset > Reset Network Settings. More info: https://fone.example/support/NW201 -JT'
  ]
])

const screenshot = tweets('C-4', [
  ['customer', '@ConsoleCo link'],
  ['customer', '@ConsoleCo my console refuses to read discs since this morning, so annoying'],
  [
    'analyst',
    "@disc_guy Hmm, that's odd. Please share your console's serial number so we can take a closer look. ^Jen"
  ],
  ['customer', '@ConsoleCo done'],
  [
    'analyst',
    "@disc_guy Gotcha, thanks for your patience there! Set the console up for a repair with the steps here: https://consoleco.example/repair That's not the experience we want you to have. ~Candace"
  ],
  ['analyst', 'Here to help, @disc_guy.']
])

const CHIT_CHAT =
  /\[user\]|@\w|^(?:sorry|thanks|thank you|hi|hello|hope this helps|we're sorry|let us know)\b|\b(?:DM|this tweet)\b|\^[A-Z]{2}|-JT$/i

describe('an entry learned from a social-media conversation', () => {
  it.each([
    ['C-1', lateParcel],
    ['C-2', suspended],
    ['C-3', noCalls]
  ])(
    'keeps the actions and links of %s as its steps, no mentions, apologies, thanks or signatures',
    (_id, state) => {
      const learned = extractCase(state)!
      expect(learned.resolution.length).toBeGreaterThan(0)
      for (const step of learned.resolution) expect(step, step).not.toMatch(CHIT_CHAT)
    }
  )

  it('keeps what a reply says after its pleasantry, and its links', () => {
    expect(extractCase(lateParcel)!.resolution).toEqual([
      'You can check the delivery status and request a refund here: https://help.acme.example/late-parcel'
    ])
    expect(extractCase(suspended)!.resolution).toEqual([
      'If you believe the suspension was done in error, you can appeal so that our review team takes another look.',
      'See https://support.streamco.example/answer/5521'
    ])
    // Asking for the customer's serial number is diagnosis; the agents' names after "^" and "~" sign the replies.
    expect(extractCase(screenshot)!.resolution).toEqual([
      'Set the console up for a repair with the steps here: https://consoleco.example/repair'
    ])
    expect(extractCase(noCalls)!.resolution).toEqual([
      'Please reset the network settings: Settings > General > Reset > Reset Network Settings.',
      'See https://fone.example/support/NW201'
    ])
  })

  it('is titled by a short statement of the problem, not the raw tweet with its handles', () => {
    const titles = [lateParcel, suspended, noCalls].map((state) => extractCase(state)!.title)
    expect(titles).toEqual([
      'Parcel was supposed to arrive and tracking still says label created',
      'Channel got suspended for no reason, i emailed twice no answer',
      'Cant make calls since the update on the phone, keeps saying network error'
    ])
    for (const title of titles) {
      expect(title.length).toBeLessThanOrEqual(80)
      expect(title).not.toMatch(/\[user\]|@\w|\b(?:hello|dear|my|please)\b|:\(/i)
    }
  })
})

describe('chatTitle', () => {
  it.each([
    ['[user] [user] Hi! My order never arrived 😡 #fail', 'Order never arrived'],
    [
      '[user] pls help asap!! app keeps crashing when I open the camera',
      'App keeps crashing when I open the camera'
    ],
    [
      '[user] good morning support, since this morning the checkout page shows error 500 on every card I try, tried three browsers already and nothing works',
      'The checkout page shows error 500 on every card I try'
    ],
    ['[user] why is my bill higher this month?', 'Bill higher'],
    // A chat whose first line is only a smiley is titled by the next line that says something.
    [
      ':)\nmy wifi drops every few minutes since the upgrade',
      'Wifi drops every few minutes since the upgrade'
    ],
    [':) :(', ':) :(']
  ])('%s -> %s', (problem, title) => {
    expect(chatTitle(problem)).toBe(title)
  })
})
