import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SuggestionActions from '../../src/renderer/src/components/SuggestionActions.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeSuggestion } from './fixtures'

const buttonNames = (suggestion = makeSuggestion()) =>
  mount(SuggestionActions, { props: { suggestion }, global: { plugins: appPlugins(new FakeEngine()) } })
    .findAll('button')
    .map((button) => button.text())

describe('actions of an escalation alert', () => {
  it('offer no Adopt: an alert is not a reply (a knowledge card still offers it)', () => {
    const alert = makeSuggestion({ kind: 'escalation', severity: 'critical', citations: [] })
    expect(buttonNames(alert)).not.toContain('Adopt')
    expect(buttonNames(alert)).toContain('Post as internal note')
    expect(buttonNames(makeSuggestion())).toContain('Adopt')
  })
})
