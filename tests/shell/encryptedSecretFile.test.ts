import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEncryptedSecretFile, type SecretCipher } from '../../src/main/shell/policy/encryptedSecretFile'

/** A reversible stand-in for safeStorage (byte-reversed, with a marker), switchable off like a missing keyring. */
function fakeCipher(options: { unavailable?: string } = {}): SecretCipher {
  return {
    unavailableReason: async () => options.unavailable ?? null,
    encrypt: async (text) => Buffer.concat([Buffer.from('enc:'), Buffer.from(text, 'utf8').reverse()]),
    decrypt: async (data) => {
      if (!data.subarray(0, 4).equals(Buffer.from('enc:'))) throw new Error('bad key')
      return Buffer.from(data.subarray(4)).reverse().toString('utf8')
    }
  }
}

let dir = ''
let file = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-'))
  file = join(dir, 'nested', 'secrets.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('createEncryptedSecretFile', () => {
  it('stores values encrypted and base64, never in plain text, and reads them back', async () => {
    const secrets = createEncryptedSecretFile(file, fakeCipher())
    await secrets.set('zendesk.token', 'hunter2-très-secret')
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2')
    expect(JSON.parse(readFileSync(file, 'utf8')).secrets['zendesk.token']).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(await secrets.get('zendesk.token')).toBe('hunter2-très-secret')
    // A second store over the same file (the next app start) reads the same value.
    expect(await createEncryptedSecretFile(file, fakeCipher()).get('zendesk.token')).toBe(
      'hunter2-très-secret'
    )
  })

  it('answers null for a secret never stored, including names of Object.prototype members', async () => {
    const secrets = createEncryptedSecretFile(file, fakeCipher())
    expect(await secrets.get('missing')).toBeNull()
    expect(await secrets.get('toString')).toBeNull()
  })

  it('refuses to store when encryption is unavailable, with a clear error, and writes nothing', async () => {
    const secrets = createEncryptedSecretFile(file, fakeCipher({ unavailable: 'no keyring is running' }))
    await expect(secrets.set('token', 'x')).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: 'Cannot save the secret "token": no keyring is running'
    })
    expect(existsSync(file)).toBe(false)
  })

  it('keeps concurrent writes: neither value is lost', async () => {
    const secrets = createEncryptedSecretFile(file, fakeCipher())
    await Promise.all([secrets.set('a', '1'), secrets.set('b', '2'), secrets.set('c', '3')])
    expect([await secrets.get('a'), await secrets.get('b'), await secrets.get('c')]).toEqual(['1', '2', '3'])
  })

  it('deletes one secret and keeps the others', async () => {
    const secrets = createEncryptedSecretFile(file, fakeCipher())
    await secrets.set('a', '1')
    await secrets.set('b', '2')
    await secrets.delete('a')
    await secrets.delete('never-stored')
    expect(await secrets.get('a')).toBeNull()
    expect(await secrets.get('b')).toBe('2')
  })

  it('says so when a value cannot be decrypted (another machine or user)', async () => {
    await createEncryptedSecretFile(file, fakeCipher()).set('token', 'x')
    const other: SecretCipher = { ...fakeCipher(), decrypt: async () => Promise.reject(new Error('bad key')) }
    await expect(createEncryptedSecretFile(file, other).get('token')).rejects.toMatchObject({
      code: 'STORAGE_FAILED'
    })
  })

  it('never overwrites a file it does not understand', async () => {
    const secrets = createEncryptedSecretFile(file, fakeCipher())
    await secrets.set('a', '1')
    writeFileSync(file, '{"version": 2, "secrets": {}}')
    await expect(secrets.set('b', '2')).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
    expect(readFileSync(file, 'utf8')).toBe('{"version": 2, "secrets": {}}')
  })
})
