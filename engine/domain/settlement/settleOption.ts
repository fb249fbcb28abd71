/** Settlement of option positions at expiry: one record per position saying who pays whom how much. */
import type { OptionInstrument } from '../instruments/instrument.ts'
import { SettlementInputError } from '../../errors/settlement.ts'
import { inversePayoff, isExercised, linearPayoff } from './optionPayoff.ts'
import { twapSettlementPrice, type TwapSettlementInput } from './twapSettlementPrice.ts'

/** How an exercised option settles: `cash` pays the payoff (in the underlying when the instrument is inverse,
 * in the quote currency otherwise); `physical` delivers the underlying against the strike. */
export type DeliveryStyle = 'cash' | 'physical'

/** One option position to settle. */
export interface SettlementPosition {
  readonly instrument: OptionInstrument
  /** Signed number of contracts: +2 is long 2, -5 is short 5. */
  readonly contracts: number
  /** Units of underlying per contract (Deribit BTC and ETH options: 1). Default 1. */
  readonly contractSize?: number
  /** Who holds this position (e.g. the vault). */
  readonly account: string
  /** The other side (e.g. 'deribit', or the option buyer). */
  readonly counterparty: string
  /** Default `cash`. */
  readonly delivery?: DeliveryStyle
}

/** One transfer at settlement: `amount` (> 0) of `asset` moves `from` -> `to`. */
export interface AssetLeg { readonly asset: string; readonly amount: number; readonly from: string; readonly to: string }

export interface SettlementRecord {
  readonly instrument: string
  readonly expiryMs: number
  /** Quote currency per unit of underlying. */
  readonly settlementPrice: number
  readonly delivery: DeliveryStyle
  /** Strictly in the money (ATM is not exercised). */
  readonly exercised: boolean
  /** Asset the payoff is counted in: the underlying for inverse cash settlement, otherwise the quote currency. */
  readonly payoffAsset: string
  /** Payoff of one contract in payoffAsset: contractSize times the per-unit payoff. For physical delivery, the
   * value of the delivery in the quote currency. */
  readonly payoffPerContract: number
  /** Absolute number of contracts. */
  readonly contracts: number
  /** payoffPerContract * contracts, >= 0. */
  readonly total: number
  /** The short side pays (or delivers), the long side receives; fixed by the position's sign even when nothing moves. */
  readonly payer: string
  readonly receiver: string
  /** What actually moves: one leg for cash settlement, two for physical (underlying one way, strike the other), none when not exercised. */
  readonly legs: readonly AssetLeg[]
}

/** Settles one option position at a settlement price.
 * @example settleOption({ instrument: btcCall60k, contracts: -2, account: 'vault', counterparty: 'deribit' }, 66_000)
 * // inverse call, short 2: payoff per contract 6_000 / 66_000 = 0.0909 BTC, total 0.1818 BTC, vault pays deribit */
export function settleOption(position: SettlementPosition, settlementPrice: number): SettlementRecord {
  const { instrument: ins } = position
  const size = position.contractSize ?? 1
  const delivery = position.delivery ?? 'cash'
  const where = `position ${ins.id}`
  if (!Number.isFinite(position.contracts) || position.contracts === 0) {
    throw new SettlementInputError(`${where} contracts`, `must be a non-zero number, got ${position.contracts}`)
  }
  if (!(size > 0) || !Number.isFinite(size)) throw new SettlementInputError(`${where} contractSize`, `must be positive, got ${size}`)
  const long = position.contracts > 0
  const payer = long ? position.counterparty : position.account
  const receiver = long ? position.account : position.counterparty
  const contracts = Math.abs(position.contracts)
  const exercised = isExercised(ins.kind, ins.strike, settlementPrice)
  const cashInUnderlying = delivery === 'cash' && ins.inverse
  const perUnit = cashInUnderlying
    ? inversePayoff(ins.kind, ins.strike, settlementPrice)
    : linearPayoff(ins.kind, ins.strike, settlementPrice)
  const payoffAsset = cashInUnderlying ? ins.underlying : ins.quote
  const payoffPerContract = perUnit * size
  const total = payoffPerContract * contracts
  const legs: AssetLeg[] = []
  if (exercised && delivery === 'cash') {
    legs.push({ asset: payoffAsset, amount: total, from: payer, to: receiver })
  } else if (exercised) {
    // The long side of a call buys the underlying at the strike; the long side of a put sells it at the strike.
    const units = contracts * size
    const longSide = receiver, shortSide = payer
    const underlyingFrom = ins.kind === 'call' ? shortSide : longSide
    const underlyingTo = ins.kind === 'call' ? longSide : shortSide
    legs.push({ asset: ins.underlying, amount: units, from: underlyingFrom, to: underlyingTo })
    legs.push({ asset: ins.quote, amount: units * ins.strike, from: underlyingTo, to: underlyingFrom })
  }
  return {
    instrument: ins.id, expiryMs: ins.expiryMs, settlementPrice, delivery, exercised, payoffAsset,
    payoffPerContract, contracts, total, payer, receiver, legs,
  }
}

/** Settles every position of one expiry: the TWAP of the index samples (twapSettlementPrice.ts), then one record
 * per position. Every position must expire at `expiryMs`.
 * @example settleExpiry(positions, { tMs: indexT, price: indexPx, expiryMs: Date.UTC(2024, 5, 28, 8) }) */
export function settleExpiry(positions: readonly SettlementPosition[], samples: TwapSettlementInput): SettlementRecord[] {
  for (const p of positions) {
    if (p.instrument.expiryMs !== samples.expiryMs) {
      throw new SettlementInputError(`position ${p.instrument.id} expiryMs`, `is ${p.instrument.expiryMs}, not the expiry being settled (${samples.expiryMs})`)
    }
  }
  const price = twapSettlementPrice(samples)
  return positions.map((p) => settleOption(p, price))
}
