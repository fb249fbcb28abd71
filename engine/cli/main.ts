import { Command, CommanderError } from 'commander'
import { existsSync, readFileSync } from 'node:fs'
import { OptvaultError } from '../errors/base.ts'
import { processIo, type CliIo } from './io.ts'
import { registerCommands } from './commands/index.ts'

const pkg = { version: packageVersion() }

/** optvault's version from the nearest package.json named optvault above this file: two folders up in the sources,
 * three in the build (dist/engine/cli/main.js), where a fixed relative path would miss it. */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir)
    if (existsSync(file)) {
      const p = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
      if (p.name === 'optvault' && typeof p.version === 'string') return p.version
    }
    if (new URL('../', dir).href === dir.href) throw new Error(`no optvault package.json above ${import.meta.url}`)
  }
}

/** Exit codes every command keeps: scripts depend on them. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const

/** Builds the program with every subcommand. Commander's own usage errors become exit 2 like any bad input. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('optvault')
    .description('Automated option-vault strategies: price, backtest, and run live with one strategy object.')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
  registerCommands(program, io)
  const wire = (c: Command): void => {
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    c.commands.forEach(wire)
  }
  program.commands.forEach(wire)
  return program
}

/** Runs the CLI and returns the exit code instead of exiting, so tests and embedders can call it. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync([...argv])
    return EXIT.ok
  } catch (e) {
    return exitCodeFor(e, io)
  }
}

function exitCodeFor(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // help and version "errors" are normal exits; everything else commander raises is a usage mistake
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok
    return EXIT.badInput
  }
  if (e instanceof OptvaultError) {
    io.err(`error: ${e.message}\n`)
    return e.exitCode
  }
  io.err(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  return EXIT.failure
}
