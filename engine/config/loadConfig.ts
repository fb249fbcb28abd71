import { readFileSync } from 'node:fs'
import { InputError } from '../errors/input.ts'
import { parseConfigText, type ParseConfigOptions } from './parseConfigText.ts'
import type { OptvaultConfig } from './schema/optvaultConfigSchema.ts'

export type { OptvaultConfig, OptvaultConfigInput } from './schema/optvaultConfigSchema.ts'
export type { ParseConfigOptions, StrategyRef } from './parseConfigText.ts'

/** Reads, interpolates and validates a YAML config file. Unlike parseConfigText, it checks by default that
 * the files the config names exist (pass `checkFiles: false` to skip). Throws ConfigInvalidError with every
 * problem at its file:line:column, or InputError when the file can't be read.
 * @example const cfg = loadConfig('config/covered-call.yaml'); cfg.vault.initialNav // 10 (BTC) */
export function loadConfig(file: string, opts: ParseConfigOptions = {}): OptvaultConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new InputError(file, 'config file', code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`,
      'pass the path of a YAML config, e.g. config/covered-call.yaml.')
  }
  return parseConfigText(text, file, { ...opts, checkFiles: opts.checkFiles ?? true })
}
