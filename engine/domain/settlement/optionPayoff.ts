/** Payoff of one European option on one unit of underlying at a settlement price. Conventions:
 * - Linear (USDC-settled): max(S - K, 0) for a call, max(K - S, 0) for a put, in the quote currency.
 * - Inverse (Deribit BTC/ETH options): the linear payoff divided by S, in coins of the underlying. So
 *   inverse * S == linear, always.
 * - Exercise is automatic and only in the money: a call when S > K, a put when S < K. At the money (S == K) the
 *   option is not exercised: its cash payoff is 0 either way, and for physical delivery no assets move, since
 *   exercising would swap the underlying for exactly its value. */
import type { OptionKind } from '../pricing/types.ts'
import { SettlementInputError } from '../../errors/settlement.ts'

/** Whether the option is exercised at settlement price S: strictly in the money only.
 * @example isExercised('call', 3000, 3000) // false: at the money is not exercised */
export function isExercised(kind: OptionKind, strike: number, settlementPrice: number): boolean {
  return kind === 'call' ? settlementPrice > strike : settlementPrice < strike
}

/** Cash payoff in the quote currency per unit of underlying: max(S - K, 0) or max(K - S, 0).
 * @example linearPayoff('call', 3000, 3300) // 300 (USDC per ETH) */
export function linearPayoff(kind: OptionKind, strike: number, settlementPrice: number): number {
  checkPrices(strike, settlementPrice)
  return kind === 'call' ? Math.max(settlementPrice - strike, 0) : Math.max(strike - settlementPrice, 0)
}

/** Cash payoff in coins of the underlying per unit: the linear payoff divided by S.
 * @example inversePayoff('put', 60_000, 50_000) // 0.2 BTC = (60_000 - 50_000) / 50_000 */
export function inversePayoff(kind: OptionKind, strike: number, settlementPrice: number): number {
  return linearPayoff(kind, strike, settlementPrice) / settlementPrice
}

function checkPrices(strike: number, settlementPrice: number): void {
  if (!(strike > 0) || !Number.isFinite(strike)) throw new SettlementInputError('strike', `must be a positive finite price, got ${strike}`)
  if (!(settlementPrice > 0) || !Number.isFinite(settlementPrice)) {
    throw new SettlementInputError('settlementPrice', `must be a positive finite price, got ${settlementPrice}`)
  }
}
