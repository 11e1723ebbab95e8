declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface Window {
  /** Exposed by the Electron preload; absent in a browser opened by `vigil serve`. */
  vigil?: import('../shared/bridgeApi').VigilBridgeApi
}
