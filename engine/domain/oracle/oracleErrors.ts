import { OptvaultError } from '../../errors/base.ts'

/** A price feed whose last round is too old, unfinished or carried over from an earlier round. Trading on it could
 * use a price the market left long ago, so the step halts. `retryable`: the feed may publish a fresh round soon.
 * @example throw new StaleOracleError('chainlink BTC/USD', 'updated 7260 s ago, heartbeat 3600 s') */
export class StaleOracleError extends OptvaultError {
  override name = 'StaleOracleError'
  readonly retryable = true
  constructor(readonly source: string, readonly problem: string) {
    super(`oracle ${source} is stale: ${problem}.`, {
      fix: 'Wait for the feed to update, or check heartbeatSec against the feed\'s documented heartbeat.',
    })
  }
}

/** A feed answer outside the configured sane range (or not positive): a broken or manipulated feed, or Chainlink's
 * min/max answer circuit breaker sitting at its floor. Not retryable: a human should look.
 * @example throw new OracleBoundsError('chainlink BTC/USD', 0.5, 1000, 1_000_000) */
export class OracleBoundsError extends OptvaultError {
  override name = 'OracleBoundsError'
  readonly retryable = false
  constructor(readonly source: string, readonly price: number, readonly min: number, readonly max: number) {
    super(`oracle ${source} answered ${price}, outside the accepted range [${min}, ${max}].`, {
      fix: 'Check the feed on a block explorer; widen minPrice/maxPrice only if the market really moved there.',
    })
  }
}

/** Two price sources disagree by more than the configured threshold: one of them is wrong, lagging or manipulated,
 * and we cannot tell which, so trading halts. `retryable`: a lagging source may catch up.
 * @example throw new OracleDeviationError('chainlink BTC/USD', 60000, 'uniswap TWAP 1800s', 57000, 512.8, 100) */
export class OracleDeviationError extends OptvaultError {
  override name = 'OracleDeviationError'
  readonly retryable = true
  constructor(readonly sourceA: string, readonly priceA: number, readonly sourceB: string, readonly priceB: number,
    readonly deviationBps: number, readonly maxBps: number) {
    super(`oracle sources disagree: ${sourceA} says ${priceA}, ${sourceB} says ${priceB} ` +
      `(${deviationBps.toFixed(1)} bps apart, limit ${maxBps} bps).`, {
      fix: 'Trading halts until they agree again; raise risk.oracleDeviationBps only if one source is known to lag.',
    })
  }
}

/** Input to the oracle math that no feed can produce (a zero window, a non-finite price). A bug, fail fast.
 * @example throw new OracleInputError('windowSec', 'must be a positive integer, got 0') */
export class OracleInputError extends OptvaultError {
  override name = 'OracleInputError'
  constructor(readonly field: string, problem: string) {
    super(`${field} ${problem}.`)
  }
}
