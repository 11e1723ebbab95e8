import { describe, expect, it } from 'vitest'
import { linkPathWords } from '../../../src/main/engine/text/urls'

describe('the words of a link', () => {
  it("are its path's words, without the host, the query string or an archive's prefix", () => {
    expect(
      linkPathWords(
        'https://web.archive.org/web/20181119063823/https://support.spotify.com/us/article/listen-offline-troubleshooting?ref=x&utm=y'
      )
    ).toEqual(['article', 'listen', 'offline', 'troubleshooting'])
    expect(
      linkPathWords('https://helpx.adobe.com/x-productkb/global/digital-certificate-revoked-aam.html')
    ).toEqual(['productkb', 'global', 'digital', 'certificate', 'revoked', 'aam'])
  })

  it('leave out numbers and record-like ids, which say nothing a customer would write, but keep "ps4"', () => {
    expect(linkPathWords('https://support.google.com/youtube/answer/185111?hl=en')).toEqual([
      'youtube',
      'answer'
    ])
    expect(linkPathWords('https://help.yahoo.com/kb/SLN2051.html')).toEqual([])
    expect(linkPathWords('https://support.example.com/articles/360012932454/Fix-for-ps4-Crash')).toEqual([
      'articles',
      'fix',
      'for',
      'ps4',
      'crash'
    ])
  })
})
