/**
 * The header of a git bundle v2 file: `# v2 git bundle`, then `-<oid> [comment]` for each commit the reader must
 * already have (an incremental bundle's prerequisites), then `<oid> <ref>` for each ref it carries, then a blank
 * line and the pack. Pure, so the engine reading a bundle and a page choosing "what's new since this bundle" agree.
 */

export const bundleSignature = '# v2 git bundle\n'

export interface BundleHeader {
  /** Ref name -> commit id. */
  refs: Map<string, string>
  /** Commits the reader must have; empty for a full bundle. */
  prerequisites: string[]
  /** Where the pack starts. */
  packOffset: number
}

/** The header of `bytes`, or why it is not one (in words, for "X is not a usable git bundle: <why>"). */
export function parseBundleHeader(bytes: Uint8Array): BundleHeader | { problem: string } {
  const text = (from: number, to: number): string => new TextDecoder().decode(bytes.subarray(from, to))
  if (text(0, bundleSignature.length) !== bundleSignature) {
    return { problem: 'it does not start with "# v2 git bundle"' }
  }
  let end = -1
  for (let index = bundleSignature.length - 1; index < bytes.length - 1; index += 1) {
    if (bytes[index] === 10 && bytes[index + 1] === 10) {
      end = index
      break
    }
  }
  if (end < 0) return { problem: 'its header never ends' }
  const refs = new Map<string, string>()
  const prerequisites: string[] = []
  for (const line of text(bundleSignature.length, end).split('\n').filter(Boolean)) {
    const prerequisite = /^-([0-9a-f]{40})(?: .*)?$/.exec(line)
    if (prerequisite) {
      prerequisites.push(prerequisite[1]!)
      continue
    }
    const ref = /^([0-9a-f]{40}) (\S+)$/.exec(line)
    if (!ref) return { problem: `header line "${line.slice(0, 80)}" is malformed` }
    refs.set(ref[2]!, ref[1]!)
  }
  return { refs, prerequisites, packOffset: end + 2 }
}
