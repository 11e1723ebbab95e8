import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  appLayout,
  devServerOrigin,
  rendererSource,
  rendererTrust,
  resourcesDir
} from '../../src/main/shell/policy/rendererSource'

describe('appLayout', () => {
  it('points at the CommonJS preload and the built renderer beside out/main', () => {
    const layout = appLayout(join('/app', 'out', 'main'))
    expect(layout.preloadPath).toBe(join('/app', 'out', 'preload', 'index.cjs'))
    expect(layout.rendererDir).toBe(join('/app', 'out', 'renderer'))
  })
})

describe('devServerOrigin', () => {
  it('uses a loopback dev server in development', () => {
    expect(devServerOrigin('http://localhost:5173', false)).toBe('http://localhost:5173')
    expect(devServerOrigin('http://127.0.0.1:5173/', false)).toBe('http://127.0.0.1:5173')
  })

  it('ignores the variable in a packaged app, so it cannot point the app at another site', () => {
    expect(devServerOrigin('http://localhost:5173', true)).toBeNull()
  })

  it('refuses non-loopback hosts, other protocols and garbage', () => {
    expect(devServerOrigin('http://evil.example:5173', false)).toBeNull()
    expect(devServerOrigin('file:///tmp/index.html', false)).toBeNull()
    expect(devServerOrigin('not a url', false)).toBeNull()
    expect(devServerOrigin(undefined, false)).toBeNull()
  })
})

describe('rendererSource', () => {
  it('loads the page from the dev server when there is one', () => {
    expect(rendererSource('overlay', 'http://localhost:5173', '/app/out/renderer')).toEqual({
      kind: 'url',
      url: 'http://localhost:5173/overlay.html'
    })
  })

  it('loads the built file otherwise', () => {
    expect(rendererSource('index', null, '/app/out/renderer')).toEqual({
      kind: 'file',
      path: join('/app/out/renderer', 'index.html')
    })
  })
})

describe('rendererTrust', () => {
  it('lists exactly the two built pages as file URLs', () => {
    const trust = rendererTrust(null, '/app/out/renderer')
    expect(trust.pageFileUrls).toEqual([
      pathToFileURL(join('/app/out/renderer', 'index.html')).href,
      pathToFileURL(join('/app/out/renderer', 'overlay.html')).href
    ])
  })
})

describe('resourcesDir', () => {
  it('is beside app.asar when packaged (extraResources) and in the project in development', () => {
    const paths = { appPath: '/project', resourcesPath: '/opt/Vigil/resources' }
    expect(resourcesDir({ ...paths, isPackaged: true })).toBe(join('/opt/Vigil/resources', 'resources'))
    expect(resourcesDir({ ...paths, isPackaged: false })).toBe(join('/project', 'resources'))
  })
})
