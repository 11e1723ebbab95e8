/**
 * The `vigil` command line. Runs the same engine as the desktop app, without Electron.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { VigilError } from '../../shared/errors'
import { findAppRoot } from '../headless/paths'
import { parseServeArgs, serveUsage } from '../serve/serveArgs'
import { runServe } from '../serve/serveCommand'
import { runServeModel, serveModelUsage } from '../serve-model/command'
import { benchUsage, runBench } from './commands/bench'
import { benchKillUsage, runBenchKill } from './commands/benchKill'
import { doctorUsage, runDoctor } from './commands/doctor'
import { evalUsage, runEval } from './commands/eval'
import { knowledgeUsage, runKnowledge } from './commands/knowledgeList'
import { replayUsage, runReplay } from './commands/replay'
import { runStats, statsUsage } from './commands/stats'
import { runSync, syncUsage } from './commands/sync'
import type { CommandIo } from './io'

const commandList = `Vigil: a copilot that watches live support conversations, suggests cited help, and learns from
every resolved ticket.

Usage: vigil <command> [options]

Commands:
  replay       run the engine headless over recorded cases and print its suggestions and what it learned
  serve        run the engine and the app in a browser on 127.0.0.1 (a per-run access token is printed)
  eval         measure Vigil on public support data against baselines (cdp, duplicates, irc, safety)
  bench        measure the engine: model (calls and latency per message), knowledge (search at scale), sync,
               soak (a long run's memory and throughput) and kill (restart safety)
  stats        the team's figures (suggestions, reactions, precision, knowledge growth, gaps, time saved)
  knowledge    list the knowledge entries stored in a data folder, without starting the engine
  doctor       check a local model file or a remote server: load time, tokens per second, valid JSON, embeddings
  serve-model  serve a local GGUF model to teammates as an OpenAI-compatible API (bearer token; 127.0.0.1
               unless --host)
  sync         sync a team's knowledge with teammates over git, or through bundle files (air gap)
  help         show this help, or "vigil help <command>"
  version      print Vigil's version (also --version)

Examples:
  npx vigil replay --demo --speed max --json
  npx vigil serve --demo

"vigil help <command>" shows a command's options; "vigil help all" shows every command's.
`

/** Every command's options, for "vigil help all". */
const allUsage = `${commandList}
${replayUsage}
${serveUsage}
${serveModelUsage}
${doctorUsage}
${evalUsage}
${benchUsage}
${statsUsage}
${knowledgeUsage}
${syncUsage}`

const commandUsage: Record<string, string> = {
  replay: replayUsage,
  serve: serveUsage,
  'serve-model': serveModelUsage,
  doctor: doctorUsage,
  eval: evalUsage,
  bench: benchUsage,
  stats: statsUsage,
  knowledge: knowledgeUsage,
  sync: syncUsage
}

/** Vigil's version, from the package.json of the installation. */
export function vigilVersion(): string {
  const manifest = JSON.parse(readFileSync(join(findAppRoot(), 'package.json'), 'utf8')) as {
    version: string
  }
  return manifest.version
}

/** A command run without its subcommand: its usage on stderr, exit 2 (like any other usage error). */
function missingSubcommand(command: string, usage: string, io: CommandIo): number {
  io.stderr.write(`vigil ${command}: give a subcommand (the choices are below)\n\n${usage}`)
  return 2
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'version':
      case '--version':
      case '-v':
        io.stdout.write(`vigil ${vigilVersion()}\n`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h': {
        const topic =
          rest[0] === undefined || rest[0] === 'help'
            ? commandList
            : rest[0] === 'all'
              ? allUsage
              : commandUsage[rest[0]]
        if (topic === undefined) {
          io.stderr.write(`vigil help: there is no command "${rest[0]}"\n\n${commandList}`)
          return 2
        }
        io.stdout.write(topic)
        return 0
      }
      case 'replay':
        if (rest.includes('--help')) return (void io.stdout.write(replayUsage), 0)
        return await runReplay(rest, io)
      case 'eval':
        if (rest[0] === '--help') return (void io.stdout.write(evalUsage), 0)
        if (rest.length === 0) return missingSubcommand('eval', evalUsage, io)
        return await runEval(rest, io)
      case 'bench':
        if (rest[0] === 'kill' || rest[0] === 'kill-worker') {
          if (rest.includes('--help')) return (void io.stdout.write(benchKillUsage), 0)
          return await runBenchKill(rest, io)
        }
        if (rest.includes('--help')) return (void io.stdout.write(benchUsage), 0)
        if (rest.length === 0) return missingSubcommand('bench', benchUsage, io)
        return await runBench(rest, io)
      case 'knowledge':
        if (rest.includes('--help')) return (void io.stdout.write(knowledgeUsage), 0)
        if (rest.length === 0) return missingSubcommand('knowledge', knowledgeUsage, io)
        return await runKnowledge(rest, io)
      case 'doctor':
        if (rest.includes('--help')) return (void io.stdout.write(doctorUsage), 0)
        return await runDoctor(rest, io)
      case 'stats':
        if (rest.includes('--help')) return (void io.stdout.write(statsUsage), 0)
        return await runStats(rest, io)
      case 'sync':
        if (rest.includes('--help')) return (void io.stdout.write(syncUsage), 0)
        return await runSync(rest, io)
      case 'serve-model':
        return await runServeModel(rest, io)
      case 'serve':
        if (rest.includes('--help')) return (void io.stdout.write(serveUsage), 0)
        return await runServe(parseServeArgs(rest), io)
      default:
        io.stderr.write(`vigil: unknown command "${command}"\n\n${commandList}`)
        return 2
    }
  } catch (error) {
    const message = error instanceof VigilError ? error.message : ((error as Error).stack ?? String(error))
    io.stderr.write(`vigil ${command}: ${message}\n`)
    return error instanceof VigilError ? 2 : 1
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && /(?:^|[\\/])(?:cli\.js|index\.ts)$/.test(process.argv[1])
if (invokedDirectly || process.env['VIGIL_CLI'] === '1') {
  main(process.argv.slice(2), process).then((code) => process.exit(code))
}
