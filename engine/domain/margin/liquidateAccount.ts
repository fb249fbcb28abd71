import { MarginInvariantError } from '../../errors/margin.ts'
import { accountEquity, positionMark, positionPnl } from './accountEquity.ts'
import { accountHealth } from './accountHealth.ts'
import { bookToCoin } from './bookToCoin.ts'
import { positionSizeCoin } from './standardMargin.ts'
import type { Account, MarginModel, MarketSnapshot } from './types.ts'

/** How an unhealthy account is unwound. */
export interface LiquidationParams {
  /** Liquidation stops once health reaches this (1.25: back to 25% above maintenance). Must be >= 1. */
  readonly targetHealth: number
  /** Share of the riskiest position closed per step, 0..1 (Deribit closes in small increments, not all at once). */
  readonly stepFraction: number
  /** Penalty as a fraction of the closed size in coin, paid to the insurance fund (0.005 = 0.5%). */
  readonly penaltyRate: number
  /** A remainder smaller than this (coin) is closed whole instead of in fractions. */
  readonly dustCoin: number
  /** Safety stop for the step loop. */
  readonly maxSteps: number
}

/** Defaults: back to health 1.25 in 25% steps, 0.5% penalty. Override per venue.
 * @example liquidateAccount(account, market, model, { ...DEFAULT_LIQUIDATION, targetHealth: 1.5 }) */
export const DEFAULT_LIQUIDATION: LiquidationParams = { targetHealth: 1.25, stepFraction: 0.25, penaltyRate: 0.005, dustCoin: 1e-6, maxSteps: 10_000 }

/** A negative equity smaller than this (coin: a ten-thousandth of a satoshi) is float rounding, not a bankruptcy. */
const EQUITY_DUST_COIN = 1e-12

/** One liquidation step: part (or all) of one position closed at its mark. Amounts in coin. */
export interface LiquidationRecord {
  readonly accountId: string
  readonly step: number
  readonly instrument: string
  /** Size removed, signed like the position it came from (-1.5 closes 1.5 of a short). */
  readonly size: number
  /** Mark it closed at: coin per contract for options, USD for futures and perpetuals. */
  readonly price: number
  /** Paid to the insurance fund; capped at the equity left, so a penalty never creates a deficit. */
  readonly penaltyCoin: number
  readonly healthBefore: number
  readonly healthAfter: number
  /** Set on the last record of a bankrupt account by liquidateBook (0 otherwise). */
  readonly deficitCoveredByFundCoin: number
  readonly deficitSocialisedCoin: number
}

/** What one account's liquidation did. `deficitCoin` > 0 means it went bankrupt: equity was still negative after
 * closing everything; the account's books are then topped up to equity 0, and the caller must find the deficit
 * (liquidateBook: insurance fund first, then socialised). */
export interface AccountLiquidation {
  readonly account: Account
  readonly records: LiquidationRecord[]
  readonly penaltiesCoin: number
  readonly deficitCoin: number
}

/** Liquidates one account if its health is below 1: repeatedly closes `stepFraction` of the position with the
 * largest maintenance margin at its mark, charging the penalty, until health reaches `targetHealth` or nothing is
 * left. If equity is still negative then, every remaining position is closed and the deficit reported.
 * Closing at the mark books the position's P&L into the margin-coin collateral, so only the penalty changes
 * equity; health rises because maintenance margin falls. Deep under water, a step's penalty can cost more equity
 * than the margin it frees, so health may fall for a step; the loop still ends (positions run out) and the
 * penalty cap keeps a liquidation from creating a deficit by itself.
 * @example liquidateAccount(account, market, standardMarginModel()) // { account, records: [...], penaltiesCoin: 0.004, deficitCoin: 0 } */
export function liquidateAccount(account: Account, market: MarketSnapshot, model: MarginModel,
  p: LiquidationParams = DEFAULT_LIQUIDATION): AccountLiquidation {
  if (!(p.targetHealth >= 1) || !(p.stepFraction > 0 && p.stepFraction <= 1) || !(p.penaltyRate >= 0)) {
    throw new MarginInvariantError(`bad liquidation params ${JSON.stringify(p)}`, 'targetHealth >= 1, 0 < stepFraction <= 1, penaltyRate >= 0')
  }
  let acc = account
  const records: LiquidationRecord[] = []
  let penalties = 0
  let h = accountHealth(acc, market, model)
  const closeStep = (index: number, fraction: number): void => {
    const pos = acc.positions[index]
    if (pos === undefined) return
    const before = h.health
    const closedCoin = positionSizeCoin(pos, market) * fraction
    const realised = positionPnl(pos, market) * fraction
    const rest = pos.size * (1 - fraction)
    const positions = [...acc.positions]
    if (fraction >= 1) positions.splice(index, 1)
    else positions[index] = { ...pos, size: rest }
    acc = bookToCoin({ ...acc, positions }, realised)
    const penalty = Math.min(p.penaltyRate * closedCoin, Math.max(0, accountEquity(acc, market)))
    acc = bookToCoin(acc, -penalty)
    penalties += penalty
    h = accountHealth(acc, market, model)
    records.push({
      accountId: acc.id, step: records.length + 1, instrument: pos.instrument.name, size: pos.size * fraction,
      price: positionMark(pos, market), penaltyCoin: penalty, healthBefore: before, healthAfter: h.health,
      deficitCoveredByFundCoin: 0, deficitSocialisedCoin: 0,
    })
  }
  if (h.health < 1) {
    while (h.health < p.targetHealth && acc.positions.length > 0 && records.length < p.maxSteps) {
      const i = riskiest(acc, market, model)
      const pos = acc.positions[i] as Account['positions'][number]
      const whole = positionSizeCoin(pos, market) * (1 - p.stepFraction) < p.dustCoin
      closeStep(i, whole ? 1 : p.stepFraction)
    }
  }
  let deficit = 0
  // A penalty capped at the equity left brings it to 0 in exact arithmetic but to about -1e-17 in floats; that is no
  // bankruptcy, and must not close the positions that carry no margin (long options) or book a deficit.
  if (accountEquity(acc, market) < -EQUITY_DUST_COIN) {
    while (acc.positions.length > 0) closeStep(acc.positions.length - 1, 1)
    deficit = Math.max(0, -accountEquity(acc, market))
    acc = bookToCoin(acc, deficit)
  }
  return { account: acc, records, penaltiesCoin: penalties, deficitCoin: deficit }
}

/** Index of the position with the largest maintenance margin; ties and all-zero go to the largest size in coin,
 * so a portfolio model whose positions only carry risk together still gets unwound. */
function riskiest(acc: Account, market: MarketSnapshot, model: MarginModel): number {
  const margins = model.perPosition(acc, market)
  let best = 0
  let bestMm = -1
  let bestSize = -1
  margins.forEach((m, i) => {
    const size = positionSizeCoin(acc.positions[i] as Account['positions'][number], market)
    if (m.mm > bestMm || (m.mm === bestMm && size > bestSize)) { best = i; bestMm = m.mm; bestSize = size }
  })
  return best
}
