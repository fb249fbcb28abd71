import { MarginInvariantError } from '../../errors/margin.ts'
import { liquidateBook } from '../margin/liquidateBook.ts'
import type { LiquidationParams } from '../margin/liquidateAccount.ts'
import type { Account, MarginModel, MarketSnapshot } from '../margin/types.ts'
import { buyBtc, movePoolPrice, poolPriceUsd, sellBtc, type BtcUsdcPool } from './btcUsdcPool.ts'

/** One round of a cascade: liquidations at the round's opening price, then their hedge traded in the pool. */
export interface CascadeRound {
  readonly round: number
  readonly priceStartUsd: number
  readonly priceEndUsd: number
  readonly accountsLiquidated: number
  readonly bankruptcies: number
  /** BTC to sell (+) or buy (-) in the pool to offload the closed positions. */
  readonly netBtcTraded: number
  /** Part of it the pool could not fill: its liquidity ran out (the fund keeps that risk). */
  readonly unfilledBtc: number
  /** Gross USD notional of every position closed this round (longs and shorts, not netted). */
  readonly liquidatedNotionalUsd: number
  readonly penaltiesBtc: number
  /** What the fund lost trading the closed positions at the pool's average price instead of the mark, in BTC. */
  readonly slippageBtc: number
  readonly coveredByFundBtc: number
  readonly socialisedBtc: number
  /** Deficit neither the fund nor profitable accounts could pay. */
  readonly uncoveredBtc: number
  /** Balance after the round: start + penalties - deficits covered - slippage. Can go negative. */
  readonly insuranceFundBtc: number
}

export interface CascadeResult {
  readonly initialPriceUsd: number
  readonly shockedPriceUsd: number
  readonly finalPriceUsd: number
  readonly rounds: CascadeRound[]
  /** True when a round liquidated nothing; false when maxRounds or an exhausted pool stopped it. */
  readonly settled: boolean
  /** The pool's liquidity ran out: the price sits at the edge of its lowest (or highest) range. */
  readonly poolExhausted: boolean
  readonly insuranceFundStartBtc: number
  readonly insuranceFundEndBtc: number
  /** Start minus the lowest balance seen after any round (0 if it never fell). */
  readonly insuranceFundDrawdownBtc: number
  readonly totalLiquidatedNotionalUsd: number
  readonly accounts: Account[]
}

export interface CascadeParams {
  readonly accounts: readonly Account[]
  readonly pool: BtcUsdcPool
  readonly model: MarginModel
  readonly liquidation: LiquidationParams
  readonly insuranceFundBtc: number
  /** Outside price move applied to the pool before round 1, e.g. -0.1 for -10%. */
  readonly shock: number
  readonly maxRounds: number
}

/** Runs a liquidation cascade on one market whose only price is a Uniswap v3 pool:
 * 0. the shock moves the pool price (arbitrage against an outside market);
 * 1. every account below health 1 is liquidated at the pool price (liquidateBook: penalties into the insurance
 *    fund, deficits from the fund, then socialised);
 * 2. the venue offloads the closed positions in the pool: closed longs are sold, closed shorts bought back, netted.
 *    The fund, which took the positions over at the mark, pays the slippage to the average fill (in BTC at the mark);
 *    if the pool's liquidity runs out the cascade stops there with `poolExhausted`;
 * 3. the new pool price marks the next round; the cascade has settled when a round liquidates no one.
 * Accounts are BTC-margined and hold exactly one BTC-PERPETUAL position each, marked at the pool price.
 * @example await runCascade({ accounts, pool, model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION, insuranceFundBtc: 10, shock: -0.1, maxRounds: 50 }) */
export async function runCascade(p: CascadeParams): Promise<CascadeResult> {
  for (const a of p.accounts) {
    if (a.positions.length !== 1 || a.positions[0]?.instrument.type !== 'perpetual') {
      throw new MarginInvariantError(`cascade account ${a.id} must hold exactly one perpetual position`,
        'build the book with seedPopulation(), or give each account one BTC-PERPETUAL position')
    }
  }
  const initialPriceUsd = poolPriceUsd(p.pool)
  let pool = movePoolPrice(p.pool, initialPriceUsd * (1 + p.shock))
  const shockedPriceUsd = poolPriceUsd(pool)
  let accounts = [...p.accounts]
  let fund = p.insuranceFundBtc
  let fundMin = fund
  let total = 0
  const rounds: CascadeRound[] = []
  let settled = false
  let poolExhausted = false
  // each account holds one perpetual; its entry fixes the USD notional a closed BTC of size stands for
  const entryOf = new Map(p.accounts.map((a) => [a.id, a.positions[0]?.entry ?? initialPriceUsd]))
  for (let round = 1; round <= p.maxRounds; round++) {
    const mark = poolPriceUsd(pool)
    const market: MarketSnapshot = { nowMs: 0, indexUsd: mark, rate: 0, spotUsd: {}, optionMarks: {}, optionVols: {}, futureMarksUsd: {} }
    const r = liquidateBook(accounts, fund, market, p.model, p.liquidation)
    if (r.records.length === 0) { settled = true; break }
    accounts = r.accounts
    // Closing a long of `size` (fixed USD notional size * entry) means selling that notional's BTC at the mark.
    let netBtc = 0
    let grossUsd = 0
    for (const rec of r.records) {
      const entry = entryOf.get(rec.accountId) ?? mark
      netBtc += rec.size * entry / mark
      grossUsd += Math.abs(rec.size) * entry
    }
    const swap = netBtc > 0 ? await sellBtc(pool, netBtc) : await buyBtc(pool, -netBtc)
    pool = swap.pool
    // USD shortfall of the fill against the mark, in BTC at the mark (a fill near zero makes the fill price useless)
    const slippageUsd = netBtc > 0 ? swap.btc * mark - swap.usdc : swap.usdc - swap.btc * mark
    const slippageBtc = slippageUsd / mark
    fund = r.insuranceFundCoin - slippageBtc
    fundMin = Math.min(fundMin, fund)
    total += grossUsd
    rounds.push({
      round, priceStartUsd: mark, priceEndUsd: poolPriceUsd(pool),
      accountsLiquidated: new Set(r.records.map((x) => x.accountId)).size,
      bankruptcies: r.records.filter((x) => x.deficitCoveredByFundCoin + x.deficitSocialisedCoin > 0).length,
      netBtcTraded: netBtc, unfilledBtc: Math.abs(netBtc) - swap.btc, liquidatedNotionalUsd: grossUsd, penaltiesBtc: r.penaltiesCoin, slippageBtc,
      coveredByFundBtc: r.coveredByFundCoin, socialisedBtc: r.socialised.reduce((s, x) => s + x.amountCoin, 0),
      uncoveredBtc: r.uncoveredCoin, insuranceFundBtc: fund,
    })
    if (swap.exhausted) { poolExhausted = true; break }
  }
  return {
    initialPriceUsd, shockedPriceUsd, finalPriceUsd: poolPriceUsd(pool), rounds, settled, poolExhausted,
    insuranceFundStartBtc: p.insuranceFundBtc, insuranceFundEndBtc: fund, insuranceFundDrawdownBtc: p.insuranceFundBtc - fundMin,
    totalLiquidatedNotionalUsd: total, accounts,
  }
}
