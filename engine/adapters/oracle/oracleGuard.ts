import { checkOracleDeviation } from '../../domain/oracle/checkOracleDeviation.ts'
import type { PriceReading } from '../../domain/oracle/checkOracleDeviation.ts'
import { oraclePriceNumber } from '../../domain/oracle/oraclePrice.ts'
import type { OraclePrice } from '../../domain/oracle/oraclePrice.ts'
import { readChainlink } from './readChainlink.ts'
import type { ChainlinkFeed } from './readChainlink.ts'
import { readUniswapTwap } from './readUniswapTwap.ts'
import type { TwapSource } from './readUniswapTwap.ts'

export interface OracleGuardConfig {
  /** The price trades are bounded by. */
  readonly chainlink: ChainlinkFeed
  /** A second on-chain source that must agree with it. */
  readonly twap?: TwapSource
  /** A third source, e.g. the exchange's index price through ccxt (Deribit `btc_usd` index), in the same quote. */
  readonly indexPrice?: { readonly source: string; read(): Promise<number> }
  /** Largest accepted disagreement between any two sources, in bps. */
  readonly maxDeviationBps: number
  /** Wall clock for the staleness check; tests pass the chain's clock. */
  readonly nowMs?: () => number
}

/** What the guard saw: the price to trade on and every reading, for the journal. */
export interface GuardedPrice {
  readonly price: OraclePrice
  readonly readings: readonly PriceReading[]
  readonly worstDeviationBps: number
}

/** Reads Chainlink (checked for staleness and bounds), the pool TWAP and the optional index price, and halts with
 * OracleDeviationError when any two disagree by more than `maxDeviationBps`. Returns Chainlink's price: the TWAP
 * and index only vote, because a pool the trade goes through is the one source an attacker can move.
 * @example
 * const guard = oracleGuard({ chainlink, twap, maxDeviationBps: 100 })
 * const { price } = await guard.read() // throws StaleOracleError / OracleBoundsError / OracleDeviationError */
export function oracleGuard(cfg: OracleGuardConfig): { read(): Promise<GuardedPrice> } {
  return {
    async read() {
      const [cl, twap, index] = await Promise.all([
        readChainlink(cfg.chainlink, (cfg.nowMs ?? Date.now)()),
        cfg.twap ? readUniswapTwap(cfg.twap) : undefined,
        cfg.indexPrice ? cfg.indexPrice.read() : undefined,
      ])
      const readings: PriceReading[] = [{ source: cl.source, price: oraclePriceNumber(cl) }]
      if (twap) readings.push({ source: twap.price.source, price: oraclePriceNumber(twap.price) })
      if (index !== undefined && cfg.indexPrice) readings.push({ source: cfg.indexPrice.source, price: index })
      const worst = checkOracleDeviation(readings, cfg.maxDeviationBps)
      return { price: cl, readings, worstDeviationBps: worst }
    },
  }
}
