import { accountHealth } from './accountHealth.ts'
import { positionPnl } from './accountEquity.ts'
import { bookToCoin } from './bookToCoin.ts'
import { DEFAULT_LIQUIDATION, liquidateAccount, type LiquidationParams, type LiquidationRecord } from './liquidateAccount.ts'
import type { Account, MarginModel, MarketSnapshot } from './types.ts'

/** A loss spread over one profitable account. */
export interface SocialisedLoss {
  readonly accountId: string
  /** Bankrupt account whose deficit this pays for. */
  readonly forAccountId: string
  readonly amountCoin: number
}

export interface BookLiquidation {
  readonly accounts: Account[]
  readonly insuranceFundCoin: number
  readonly records: LiquidationRecord[]
  readonly penaltiesCoin: number
  readonly coveredByFundCoin: number
  readonly socialised: SocialisedLoss[]
  /** Deficit no one could pay: the fund was empty and profits ran out. 0 in a healthy venue. */
  readonly uncoveredCoin: number
}

/** Liquidates every account below health 1 on one market, in this order:
 * 1. each unhealthy account is liquidated (liquidateAccount); every penalty goes into the insurance fund;
 * 2. each bankrupt account's deficit, in account order, is paid by the insurance fund as far as it goes;
 * 3. what the fund cannot pay is socialised: taken from accounts with unrealised profit (after step 1), pro rata to
 *    that profit and never more than it; accounts in the same `group` as the bankrupt one are left out, so an
 *    isolated sub-account's loss never reaches its parent (see subAccounts.ts);
 * 4. anything left is `uncoveredCoin`.
 * The fund reconciles: insuranceFundCoin = start + penaltiesCoin - coveredByFundCoin.
 * @example liquidateBook(accounts, 100, market, standardMarginModel()) */
export function liquidateBook(accounts: readonly Account[], insuranceFundCoin: number, market: MarketSnapshot, model: MarginModel,
  p: LiquidationParams = DEFAULT_LIQUIDATION, group: (accountId: string) => string = (id) => id): BookLiquidation {
  const out = [...accounts]
  const records: LiquidationRecord[] = []
  const deficits: { index: number; deficit: number; lastRecord: number }[] = []
  let penalties = 0
  out.forEach((acc, i) => {
    const h = accountHealth(acc, market, model)
    if (!(h.health < 1) && h.equity >= 0) return
    const r = liquidateAccount(acc, market, model, p)
    out[i] = r.account
    records.push(...r.records)
    penalties += r.penaltiesCoin
    if (r.deficitCoin > 0) deficits.push({ index: i, deficit: r.deficitCoin, lastRecord: r.records.length > 0 ? records.length - 1 : -1 })
  })
  let fund = insuranceFundCoin + penalties
  let covered = 0
  let uncovered = 0
  const socialised: SocialisedLoss[] = []
  const bankrupt = new Set(deficits.map((d) => d.index))
  // Profit still available to absorb losses; shrinks as deficits are socialised, so no account pays beyond it.
  const profitLeft = out.map((a, i) => {
    if (bankrupt.has(i)) return 0
    let upnl = 0
    for (const pos of a.positions) upnl += positionPnl(pos, market)
    return Math.max(0, upnl)
  })
  for (const d of deficits) {
    const fromFund = Math.min(d.deficit, Math.max(0, fund))
    fund -= fromFund
    covered += fromFund
    let rest = d.deficit - fromFund
    let socialisedHere = 0
    if (rest > 0) {
      const bankruptGroup = group((out[d.index] as Account).id)
      const profits = profitLeft.map((x, i) => (group((out[i] as Account).id) === bankruptGroup ? 0 : x))
      const totalProfit = profits.reduce((s, x) => s + x, 0)
      const take = Math.min(rest, totalProfit)
      if (take > 0) {
        profits.forEach((profit, i) => {
          if (profit <= 0) return
          const amountCoin = take * (profit / totalProfit)
          out[i] = bookToCoin(out[i] as Account, -amountCoin)
          profitLeft[i] = (profitLeft[i] as number) - amountCoin
          socialised.push({ accountId: (out[i] as Account).id, forAccountId: (out[d.index] as Account).id, amountCoin })
        })
      }
      socialisedHere = take
      rest -= take
      uncovered += rest
    }
    const last = records[d.lastRecord]
    if (last !== undefined) records[d.lastRecord] = { ...last, deficitCoveredByFundCoin: fromFund, deficitSocialisedCoin: socialisedHere }
  }
  return { accounts: out, insuranceFundCoin: fund, records, penaltiesCoin: penalties, coveredByFundCoin: covered, socialised, uncoveredCoin: uncovered }
}
