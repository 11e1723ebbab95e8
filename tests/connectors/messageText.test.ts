import { describe, expect, it } from 'vitest'
import { capText, htmlToText, messageBody } from '../../src/main/engine/connectors/messageText'

describe('message text', () => {
  it('turns an HTML e-mail into readable text: blocks as lines, lists, entities, no scripts or styles', () => {
    const html = `<!DOCTYPE html><html><head><title>x</title><style>p { color: red }</style></head><body>
      <div dir="ltr"><p>Hi&nbsp;team,</p><p>Since the update I get <b>error&nbsp;809</b> &amp; the VPN drops:</p>
      <ul><li>Windows&nbsp;11</li><li>client 5.2</li></ul><script>alert("x")</script>
      <table><tr><td>MTU</td><td>1500</td></tr></table><img src="cid:1" alt="screenshot"><br>Thanks &#8212; Ana &lt;ana@example.com&gt;
      <!-- tracking pixel --></div></body></html>`
    expect(htmlToText(html)).toBe(
      'Hi team,\n\nSince the update I get error 809 & the VPN drops:\n\n- Windows 11\n- client 5.2\n\nMTU 1500\n\n' +
        '[image: screenshot]\nThanks — Ana <ana@example.com>'
    )
  })

  it('keeps escaped markup as text and does not execute entities twice', () => {
    expect(htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;</p>')).toBe(
      '<script>alert(1)</script> &lt;'
    )
  })

  it('cuts a huge message at the cap and says how much was left out', () => {
    const body = messageBody('word '.repeat(10_000), 'text', [], 1_000)
    expect(body.truncated).toBe(true)
    expect(body.text.length).toBeLessThan(1_100)
    expect(body.text).toMatch(/\[… 48999 more characters not shown\]$/)
    expect(capText('short', 10)).toEqual({ text: 'short', truncated: false })
  })

  it('notes attachments as lines, never their content', () => {
    const body = messageBody('See attached.', 'text', [
      { name: 'vpn.log', contentType: 'text/plain', size: 2_048 },
      { name: 'screen.png', contentType: 'image/png', size: 3_500_000 },
      { name: '' }
    ])
    expect(body.text).toBe(
      'See attached.\n[attachment: vpn.log (text/plain, 2 KB)]\n[attachment: screen.png (image/png, 3.3 MB)]\n[attachment: unnamed]'
    )
  })

  it('handles pathological HTML in bounded time (unclosed tags, a megabyte of nesting)', () => {
    const nasty = '<div>'.repeat(100_000) + '<script>' + 'a'.repeat(500_000) + '<p' + '<'.repeat(100_000)
    const started = performance.now()
    const text = htmlToText(nasty)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(text).not.toContain('aaaa')
  })

  it('drops control characters and collapses blank lines', () => {
    expect(messageBody('a\u0000b\r\n\r\n\r\n\r\nc\t\t d', 'text').text).toBe('ab\n\nc d')
  })
})
