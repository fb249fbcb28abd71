import { OptvaultError } from './base.ts'
import { InputError } from './input.ts'

/** Where in a config file a problem sits. 1-based, taken from yaml's LineCounter; never guessed. */
export interface ConfigPosition { readonly line: number; readonly col: number }

/** One bad field of a YAML config: the file, line and column, the key path, what is wrong and how to fix it.
 * The message never carries a secret: callers describe values that came from `${ENV}` by the variable name only.
 * @example
 * throw new ConfigFieldError('config/covered-call.yaml', { line: 14, col: 9 }, 'hedge.band',
 *   'must be a fraction between 0 and 1, got 5', 'write 0.05 for a 5% band.')
 * // hedge.band must be a fraction between 0 and 1, got 5.
 * // Where: config/covered-call.yaml:14:9
 * // Fix: write 0.05 for a 5% band. */
export class ConfigFieldError extends InputError {
  override name = 'ConfigFieldError'
  constructor(readonly file: string, readonly at: ConfigPosition, field: string, readonly problem: string,
    readonly fix?: string) {
    super(`${file}:${at.line}:${at.col}`, field, problem, fix)
  }
}

/** Every problem found in one config file, sorted by position, so a user fixes them all in one pass
 * instead of one per run. Exits 2 like any bad input.
 * @example
 * const r = parseConfigText(text, 'vault.yaml')
 * // throws ConfigInvalidError: "vault.yaml has 2 errors:" then each ConfigFieldError message */
export class ConfigInvalidError extends OptvaultError {
  override name = 'ConfigInvalidError'
  override readonly exitCode = 2 as const
  readonly errors: readonly ConfigFieldError[]
  constructor(readonly file: string, errors: readonly ConfigFieldError[]) {
    const sorted = [...errors].sort(byPosition)
    const head = `${file} has ${sorted.length} error${sorted.length === 1 ? '' : 's'}:`
    super([head, ...sorted.map((e, i) => `\n${i + 1}. ${e.message}`)].join('\n'))
    this.errors = sorted
  }
}

function byPosition(a: ConfigFieldError, b: ConfigFieldError): number {
  return a.at.line - b.at.line || a.at.col - b.at.col || a.field.localeCompare(b.field)
}
