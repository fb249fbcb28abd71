import { OptvaultError } from '../../errors/base.ts'

/** The venue said no to an order or request: bad parameters, not enough funds, an unknown instrument. Retrying the
 * same request gets the same answer, so `retryable` is false; the order itself (or the account) must change.
 * @example throw new VenueRejectedError('deribit', 'ov-1a2b', 'not_enough_funds', 'add collateral or trade smaller') */
export class VenueRejectedError extends OptvaultError {
  override name = 'VenueRejectedError'
  readonly retryable = false
  constructor(readonly venue: string, readonly clientId: string, readonly reason: string, fix: string, cause?: unknown) {
    super(`${venue} rejected order ${clientId}: ${reason}.`, { fix, cause })
  }
}

/** The venue did not answer in time, was down (5xx) or kept rate-limiting us after every retry we allow. The order
 * may or may not exist: the caller looks its client id up before sending it again, so `retryable` is true.
 * @example throw new VenueTimeoutError('deribit', 'ov-1a2b', 'private/sell', 3) */
export class VenueTimeoutError extends OptvaultError {
  override name = 'VenueTimeoutError'
  readonly retryable = true
  constructor(readonly venue: string, readonly clientId: string, readonly call: string, readonly attempts: number, cause?: unknown) {
    super(`${venue} did not answer ${call} for order ${clientId} after ${attempts} attempt${attempts === 1 ? '' : 's'}.`, {
      fix: 'Nothing was placed twice: the next run looks the client id up first. Check the venue status, then run again.',
      cause,
    })
  }
}
