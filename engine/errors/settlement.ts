import { OptvaultError } from './base.ts'

/** Settlement input that cannot be used: samples out of order, a price that is not a positive number, arrays of
 * different lengths, an expiry that is not a time. `where` names the array element, e.g. `price[12]`.
 * @example new SettlementInputError('price[12]', 'must be a positive finite number, got NaN') */
export class SettlementInputError extends OptvaultError {
  override name = 'SettlementInputError'
  constructor(readonly where: string, problem: string, fix?: string) {
    super(`${where} ${problem}.`, fix === undefined ? { where } : { where, fix })
  }
}

/** No index sample falls inside the settlement window, so there is no settlement price to compute.
 * @example new NoSettlementSamplesError(Date.UTC(2024, 5, 28, 8), 1_800_000, 0) */
export class NoSettlementSamplesError extends OptvaultError {
  override name = 'NoSettlementSamplesError'
  constructor(readonly expiryMs: number, readonly windowMs: number, readonly sampleCount: number) {
    super(`no index sample between ${iso(expiryMs - windowMs)} and expiry ${iso(expiryMs)} (${sampleCount} samples given).`, {
      fix: 'Load index data that covers the settlement window, or widen windowMs.',
    })
  }
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms)
}
