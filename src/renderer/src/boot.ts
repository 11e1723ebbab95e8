import { createPinia } from 'pinia'
import { createApp, type Component } from 'vue'
import { createVigilClient, selectTransport, vigilClientPlugin } from './bridge'

/** The one place a page builds its object graph: transport → client → Pinia → app. */
export function mountPage(root: Component, selector = '#app'): void {
  const client = createVigilClient(selectTransport(window))
  createApp(root).use(createPinia()).use(vigilClientPlugin(client)).mount(selector)
}
