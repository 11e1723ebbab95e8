import { describe, expect, it } from 'vitest'
import { isStackTrace } from '../../../src/main/engine/text/stackTrace'

describe('isStackTrace', () => {
  it.each([
    [
      'JavaScript',
      'TypeError: x is undefined\n    at run (/app/sync.js:12:5)\n    at main (/app/index.js:3:1)'
    ],
    ['Java', 'java.lang.NullPointerException\n\tat com.acme.Sync.run(Sync.java:42)'],
    [
      'Python',
      'Traceback (most recent call last):\n  File "/app/sync.py", line 12, in <module>\n    run()\nKeyError: \'id\''
    ],
    ['Ruby', "/app/sync.rb:12:in `run'\n/app/main.rb:3:in `<main>'"],
    ['Go', 'panic: runtime error\n\ngoroutine 1 [running]:\nmain.run()\n\t/app/sync.go:12 +0x1d']
  ])('finds a %s trace', (_runtime, text) => {
    expect(isStackTrace(text)).toBe(true)
  })

  it.each([
    ['one error line', 'TypeError: cannot read properties of undefined'],
    ['an error named in a sentence', 'The import fails with a ValidationError: field "email" is required.'],
    ['a time, not a frame', 'at 10:30 the export failed\nat 11:15 it failed again'],
    ['prose', 'Our SSO login fails with an error since this morning.']
  ])('finds none in %s', (_what, text) => {
    expect(isStackTrace(text)).toBe(false)
  })
})
