import { OptvaultError } from '../../engine/errors/base.ts'

/** A series handed to the analytics is malformed: wrong length, a non-finite value, time not increasing.
 * These come from the backtester, not from a user's file, so it is a bug upstream and the CLI exits 1;
 * `where` names the column and index (`nav[17]`) so the bad bar can be found.
 * @example throw new MetricsInputError('nav[17]', 'must be a positive finite number, got -3') */
export class MetricsInputError extends OptvaultError {
  override name = 'MetricsInputError'
  constructor(where: string, problem: string, fix?: string) {
    super(`${where} ${problem}.`, fix === undefined ? { where } : { where, fix })
  }
}
