/** The knowledge gaps on disk (`gaps.json` in the data folder): read once, validated, replaced atomically. */
import { readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { KnowledgeGap } from '../../../shared/domain'
import { writeFileAtomically } from '../knowledge/durableFile'

const GapFileContent = z.object({ version: z.literal(1), gaps: z.array(KnowledgeGap) })

/**
 * The gaps stored in `file`; none when it does not exist. A file that cannot be read as gaps is set aside as
 * `<file>.invalid` (never overwritten, so nothing stored is lost) and `warn` says so.
 */
export async function readGaps(file: string, warn: (message: string) => void): Promise<KnowledgeGap[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  let problem: string
  try {
    const parsed = GapFileContent.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data.gaps
    const issue = parsed.error.issues[0]!
    problem = `${issue.path.join('.') || 'file'}: ${issue.message}`
  } catch (error) {
    problem = `invalid JSON (${(error as Error).message})`
  }
  const aside = `${file}.invalid`
  await rename(file, aside)
  warn(`${file}: ${problem}; kept as ${aside}, knowledge gaps start empty.`)
  return []
}

export async function writeGaps(file: string, gaps: readonly KnowledgeGap[]): Promise<void> {
  const content = { version: 1 as const, gaps }
  await writeFileAtomically(file, [JSON.stringify(content, null, 1)], dirname(file))
}
