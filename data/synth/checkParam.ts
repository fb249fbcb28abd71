import { OptvaultError } from '../../engine/errors/base.ts'

/** Throws unless `value` is a finite number >= 0; `name` is the parameter as the caller wrote it.
 * @example checkNonNegative('vol', 0.6) // passes; checkNonNegative('vol', -1) throws */
export function checkNonNegative(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new OptvaultError(`Synthetic model parameter ${name} must be a finite number >= 0, got ${value}.`)
  }
}
