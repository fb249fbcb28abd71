import { InputError } from './input.ts'

/** A dataset that fails validation or cannot be read: names the file, the 1-based line and the column, then
 * what is wrong with the value. Extends InputError, so the CLI exits 2 on it.
 * @example throw new DataError('bars.csv', 14, 'low', 'is 29100, above open 29000') */
export class DataError extends InputError {
  override name = 'DataError'
  constructor(readonly file: string, readonly line: number, readonly column: string, problem: string, fix?: string) {
    super(`${file}:${line}:${column}`, column, problem, fix)
  }
}
