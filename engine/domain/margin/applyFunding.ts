import { positionMark } from './accountEquity.ts'
import { bookToCoin } from './bookToCoin.ts'
import type { Account, MarketSnapshot } from './types.ts'

/** One perpetual funding payment, in coin: positive is received, negative is paid. */
export interface FundingPayment {
  readonly instrument: string
  readonly amountCoin: number
}

/** Accrues perpetual funding for `intervals` funding intervals at `ratePerInterval` (a fraction per interval,
 * e.g. 0.0001 = 0.01% per 8 h). Payment = -size * notional * rate: when the rate is positive the perpetual trades
 * above the index, so longs pay shorts; when negative, shorts pay longs. The notional of an inverse perpetual
 * is its USD value in coin at the mark (size * entryUsd / markUsd). Only perpetuals pay; the payments are booked
 * into the margin-coin collateral line.
 * @example applyFunding(account, market, { 'BTC-PERPETUAL': 0.0001 }, 3) // a long of 1 BTC pays 0.0003 BTC */
export function applyFunding(account: Account, market: MarketSnapshot, ratePerInterval: Readonly<Record<string, number>>,
  intervals = 1): { account: Account; payments: FundingPayment[] } {
  const payments: FundingPayment[] = []
  let total = 0
  for (const p of account.positions) {
    const rate = ratePerInterval[p.instrument.name]
    if (p.instrument.type !== 'perpetual' || rate === undefined) continue
    const notionalCoin = p.size * p.entry / positionMark(p, market) // signed: + long, - short
    const amountCoin = -notionalCoin * rate * intervals
    payments.push({ instrument: p.instrument.name, amountCoin })
    total += amountCoin
  }
  return { account: bookToCoin(account, total), payments }
}
