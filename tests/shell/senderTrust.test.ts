import { describe, expect, it } from 'vitest'
import { rendererTrust } from '../../src/main/shell/policy/rendererSource'
import {
  checkSender,
  isSamePageNavigation,
  isTrustedRendererUrl
} from '../../src/main/shell/policy/senderTrust'

const built = rendererTrust(null, '/app/out/renderer')
const dev = rendererTrust('http://localhost:5173', '/app/out/renderer')
const overlayFile = built.pageFileUrls[1] ?? ''

describe('isTrustedRendererUrl', () => {
  it('trusts the built pages, with any query or hash', () => {
    expect(isTrustedRendererUrl(overlayFile, built)).toBe(true)
    expect(isTrustedRendererUrl(`${overlayFile}?x=1#/ticket/7`, built)).toBe(true)
  })

  it('refuses other local files, even inside the renderer folder', () => {
    expect(isTrustedRendererUrl('file:///app/out/renderer/assets/evil.html', built)).toBe(false)
    expect(isTrustedRendererUrl('file:///etc/passwd', built)).toBe(false)
  })

  it('trusts the dev server origin only in development, and only that origin', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/overlay.html', dev)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5173/overlay.html', built)).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5174/overlay.html', dev)).toBe(false)
    expect(isTrustedRendererUrl('https://example.com/', dev)).toBe(false)
  })

  it('refuses other schemes and invalid URLs', () => {
    expect(isTrustedRendererUrl('data:text/html,<script>1</script>', dev)).toBe(false)
    expect(isTrustedRendererUrl('about:blank', dev)).toBe(false)
    expect(isTrustedRendererUrl('', dev)).toBe(false)
  })
})

describe('checkSender', () => {
  const ours = { fromOurWindow: true, frameUrl: overlayFile, isMainFrame: true }

  it('trusts the top frame of one of our pages in one of our windows', () => {
    expect(checkSender(ours, built)).toEqual({ trusted: true })
  })

  it('refuses a sender that is not one of our windows, even showing our page', () => {
    expect(checkSender({ ...ours, fromOurWindow: false }, built)).toMatchObject({ trusted: false })
  })

  it('refuses an iframe, a vanished frame, and a foreign page in our window', () => {
    expect(checkSender({ ...ours, isMainFrame: false }, built)).toMatchObject({ trusted: false })
    expect(checkSender({ ...ours, frameUrl: null }, built)).toMatchObject({ trusted: false })
    const foreign = checkSender({ ...ours, frameUrl: 'https://evil.example/steal?token=secret' }, built)
    expect(foreign).toMatchObject({ trusted: false })
    // The reason names the origin only: a full URL could carry a token into the logs.
    expect(foreign.trusted === false && foreign.reason).not.toContain('secret')
  })
})

describe('isSamePageNavigation', () => {
  it('allows in-page anchors only', () => {
    expect(isSamePageNavigation(overlayFile, `${overlayFile}#/settings`)).toBe(true)
    expect(isSamePageNavigation(overlayFile, 'https://example.com/')).toBe(false)
    expect(isSamePageNavigation(overlayFile, built.pageFileUrls[0] ?? '')).toBe(false)
    expect(
      isSamePageNavigation('http://localhost:5173/index.html', 'http://localhost:5173/index.html?x')
    ).toBe(false)
    expect(isSamePageNavigation(overlayFile, 'not a url')).toBe(false)
  })
})
