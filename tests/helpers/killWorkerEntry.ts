/** The kill test's worker as a script of its own (run with `node --import tsx`): `--data-dir D --cases N`. */
import { parseArgs } from 'node:util'
import { runKillWorker } from '../../src/main/eval/kill/killWorker'
import { resourcesDir } from './engineHarness'

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, cases: { type: 'string', default: '6' } }
})
const code = await runKillWorker(
  { dataDir: values['data-dir']!, resourcesDir, cases: Number(values.cases) },
  process
)
process.exit(code)
