/** A tiny corpus folder in the Ubuntu IRC layout: `<root>/dev/*.raw.txt` and `<root>/gold.dev.clusters.txt`. */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const RAW_LINES = [
  '[23:58] <alice> context before midnight',
  '[00:01] <bob> context after midnight',
  '=== carol [~carol@host]  has joined #ubuntu',
  '[00:01] <carol> my wifi fails after suspend, any idea how to fix it?',
  '[00:02] <dave> carol: try sudo modprobe -r iwlwifi && sudo modprobe iwlwifi',
  '[00:02] <carol>',
  '[00:03] <carol> thanks, that fixed it',
  '[00:03] <erin> is there a way to make grub wait longer at boot?'
]

/** Threads: one with a system line, an analyst and a message without text; one of one line; three partial. */
export const GOLD_LINES = [
  '2020-01-02_10:2 3 4 5 6',
  '2020-01-02_10:7',
  '2020-01-02_10:',
  '2020-01-02_10:99',
  '1999-01-01_00:1 2'
]

/** Writes the corpus under `root` and returns its `dev` folder. */
export async function writeCorpus(root: string): Promise<string> {
  const dev = join(root, 'dev')
  await mkdir(dev, { recursive: true })
  await writeFile(join(dev, '2020-01-02_10.raw.txt'), `${RAW_LINES.join('\n')}\n`)
  await writeFile(join(root, 'gold.dev.clusters.txt'), `${GOLD_LINES.join('\n')}\n`)
  return dev
}
