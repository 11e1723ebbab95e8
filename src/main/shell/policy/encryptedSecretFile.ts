/**
 * Secrets kept in one file, each value encrypted by the operating system (Electron's safeStorage in the app, a fake
 * cipher in tests) and stored base64. The file holds no plain text; without the OS key it is useless.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { SecretStore } from '../../engine/host'

export interface SecretCipher {
  /** Null when values can be encrypted; otherwise why not, in words a person can act on. */
  unavailableReason(): Promise<string | null>
  encrypt(plainText: string): Promise<Buffer>
  decrypt(encrypted: Buffer): Promise<string>
}

const SecretFile = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/))
})
type SecretFile = z.infer<typeof SecretFile>

export function createEncryptedSecretFile(filePath: string, cipher: SecretCipher): SecretStore {
  // Reads and writes go one at a time, so two concurrent `set`s cannot lose each other's value.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task)
    queue = next.catch(() => undefined)
    return next
  }

  const read = (): SecretFile => {
    if (!existsSync(filePath)) return { version: 1, secrets: {} }
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(filePath, 'utf8'))
    } catch (error) {
      throw new VigilError(ErrorCode.storageFailed, `The secrets file ${filePath} is unreadable.`, {
        cause: error
      })
    }
    const parsed = SecretFile.safeParse(raw)
    if (!parsed.success) {
      // Never overwrite a file we do not understand: it may hold secrets a newer version wrote.
      throw new VigilError(ErrorCode.storageFailed, `The secrets file ${filePath} is not in a known format.`)
    }
    return parsed.data
  }

  const write = (file: SecretFile): void => {
    mkdirSync(dirname(filePath), { recursive: true })
    const temporary = `${filePath}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, filePath)
  }

  const requireEncryption = async (action: string): Promise<void> => {
    const reason = await cipher.unavailableReason()
    if (reason) throw new VigilError(ErrorCode.storageFailed, `Cannot ${action}: ${reason}`)
  }

  return {
    get: (key) =>
      serial(async () => {
        const secrets = read().secrets
        const stored = Object.hasOwn(secrets, key) ? secrets[key] : undefined
        if (stored === undefined) return null
        await requireEncryption(`read the secret "${key}"`)
        try {
          return await cipher.decrypt(Buffer.from(stored, 'base64'))
        } catch (error) {
          throw new VigilError(
            ErrorCode.storageFailed,
            `The secret "${key}" could not be decrypted (was it saved by another user or machine?). Enter it again.`,
            { cause: error }
          )
        }
      }),
    set: (key, value) =>
      serial(async () => {
        await requireEncryption(`save the secret "${key}"`)
        const file = read()
        const encrypted = await cipher.encrypt(value)
        write({ ...file, secrets: { ...file.secrets, [key]: encrypted.toString('base64') } })
      }),
    delete: (key) =>
      serial(async () => {
        const file = read()
        if (!Object.hasOwn(file.secrets, key)) return
        const secrets = { ...file.secrets }
        delete secrets[key]
        write({ ...file, secrets })
      })
  }
}
