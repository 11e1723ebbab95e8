#!/usr/bin/env node
// The `vigil` command: runs the built CLI (electron-vite build writes out/main/cli.js; `npm install` builds it).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write(`vigil: ${cli} is missing. Run "npm run build" in ${root} first.\n`)
  process.exit(1)
}
const { main } = await import(pathToFileURL(cli).href)
process.exit(await main(process.argv.slice(2), process))
