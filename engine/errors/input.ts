import { OptvaultError } from './base.ts'

/** Bad input the user can fix: a file, line and field that is malformed. The CLI exits 2 on it.
 * @example throw new InputError('cases.csv:4', 'vol', 'must be a positive number, got "abc"') */
export class InputError extends OptvaultError {
  override name = 'InputError'
  override readonly exitCode = 2 as const
  constructor(where: string, readonly field: string, problem: string, fix?: string) {
    super(`${field} ${problem}.`, fix === undefined ? { where } : { where, fix })
  }
}
