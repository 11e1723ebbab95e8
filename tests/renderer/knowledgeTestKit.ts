/** Mounts the workbench on its Knowledge tab over a fake engine, with helpers to find cards and buttons. */
import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, type FakeEngine } from './fakeEngine'

export async function openKnowledge(engine: FakeEngine): Promise<VueWrapper> {
  const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  await openTab(wrapper, 'Knowledge')
  return wrapper
}

export async function openTab(wrapper: VueWrapper, label: string): Promise<void> {
  await wrapper
    .findAll('[role="tab"]')
    .find((tab) => tab.text() === label)!
    .trigger('click')
  await flushPromises()
}

/** Anything buttons can be searched in: a page or a part of it. */
type Searchable = { findAll(selector: string): DOMWrapper<Element>[] }

export const buttonNamed = (wrapper: Searchable, name: string) =>
  wrapper.findAll('button').find((button) => button.text() === name)

export async function click(wrapper: Searchable, name: string): Promise<void> {
  const button = buttonNamed(wrapper, name)
  if (!button) throw new Error(`No button named "${name}"`)
  await button.trigger('click')
  await flushPromises()
}

export const cards = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="knowledge-entry"]')

export const card = (wrapper: VueWrapper, entryId: string) =>
  wrapper.get(`[data-testid="knowledge-entry"][data-entry-id="${entryId}"]`)

export const titles = (wrapper: VueWrapper) => cards(wrapper).map((item) => item.get('h3').text())
