/**
 * Bundle files in and out of the page: the desktop shell's save and open dialogs when there is a shell, a download
 * and a file picker in a browser (`vigil serve`). Bytes cross the contract as base64 either way.
 */
import { parseBundleHeader } from '../../../../shared/bundleHeader'
import type { ShellCapabilities } from '../../bridge'

/** Saves the bytes; resolves to where they went ("Downloads" in a browser), or null when the analyst cancelled. */
export async function saveBundle(
  shell: ShellCapabilities,
  fileName: string,
  data: string,
  page: Document = document
): Promise<string | null> {
  if (shell.saveBundleFile) return shell.saveBundleFile(fileName, data)
  const url = URL.createObjectURL(new Blob([fromBase64(data)], { type: 'application/octet-stream' }))
  const link = page.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  page.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return `your downloads as ${fileName}`
}

/** A file chosen in the browser's picker, as the contract's import wants it. */
export async function readPickedFile(file: File): Promise<{ name: string; data: string }> {
  return { name: file.name, data: toBase64(new Uint8Array(await file.arrayBuffer())) }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // In slices: String.fromCharCode with a whole bundle's bytes as arguments overflows the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
  }
  return btoa(binary)
}

export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index)
  return bytes
}

/** The commits an earlier bundle carries, from its header; throws, in words, for a file that is not a bundle. */
export function earlierBundleHeads(name: string, bytes: Uint8Array): string[] {
  const header = parseBundleHeader(bytes)
  if ('problem' in header) throw new Error(`${name} is not a bundle file: ${header.problem}`)
  // One commit, however many refs name it (main and HEAD).
  return [...new Set(header.refs.values())]
}

/** The start of a picked file: a bundle's header is a few lines, so the pack itself is never read. */
export async function pickedFileStart(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer())
}
