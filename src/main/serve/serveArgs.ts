import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { ErrorCode, VigilError } from '../../shared/errors'
import { argumentError } from '../cli/argumentError'
import { modelFlagOptions, modelFlagsUsage, parseModelFlags } from '../headless/modelFlags'
import type { ServeArgs } from './serveCommand'

export const serveUsage =
  'Usage: vigil serve [--port P] [--data-dir D] [--demo] [--speed S|max] [--open]\n' +
  '                   [--model FILE | --remote URL [--model-id ID] [--api-key-env VAR]]\n' +
  '  --port      TCP port on 127.0.0.1 (default: a free one)\n' +
  '  --data-dir  data folder (default: ~/.vigil)\n' +
  '  --demo      replay the built-in demo cases\n' +
  '  --speed     demo speed: a multiple of the demo\'s designed pace, or "max" (default: the demo.speed setting, 1)\n' +
  '  --open      open the workbench in the default browser\n' +
  modelFlagsUsage +
  '  The model flags apply to this run only; the saved settings keep their model unless changed in the app.\n'

/** Parses `vigil serve` options; throws a BAD_INPUT VigilError with a usable message on a bad value. */
export function parseServeArgs(argv: string[]): ServeArgs {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        demo: { type: 'boolean', default: false },
        speed: { type: 'string' },
        open: { type: 'boolean', default: false },
        ...modelFlagOptions
      }
    }))
  } catch (error) {
    throw argumentError(error, serveUsage)
  }
  const args: ServeArgs = { demo: values.demo, open: values.open }
  const llm = parseModelFlags(values, serveUsage)
  if (llm) args.llm = llm
  if (values.port !== undefined) {
    const port = Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new VigilError(
        ErrorCode.badInput,
        `--port must be a whole number from 0 to 65535, not "${values.port}"`
      )
    }
    args.port = port
  }
  if (values['data-dir'] !== undefined) args.dataDir = resolve(values['data-dir'])
  if (values.speed !== undefined) {
    const speed = values.speed === 'max' ? 'max' : Number(values.speed)
    if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0 && speed <= 100_000)) {
      throw new VigilError(
        ErrorCode.badInput,
        `--speed must be a number above 0 (at most 100000) or "max", not "${values.speed}".`
      )
    }
    args.speed = speed
  }
  return args
}
