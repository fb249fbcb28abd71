import { parseInstrument } from '../../../../engine/domain/margin/parseInstrument.ts'
import type { Account, MarketSnapshot, Position } from '../../../../engine/domain/margin/types.ts'

/** A BTC market on 2024-06-01 08:00 UTC, index 50000 USD, no marks: tests add what they need. */
export function market(over: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return {
    nowMs: Date.UTC(2024, 5, 1, 8), indexUsd: 50_000, rate: 0, spotUsd: { USDC: 1 },
    optionMarks: {}, optionVols: {}, futureMarksUsd: {}, ...over,
  }
}

export const pos = (name: string, size: number, entry: number): Position => ({ instrument: parseInstrument(name), size, entry })

export const btcAccount = (id: string, btc: number, positions: Position[] = []): Account =>
  ({ id, currency: 'BTC', collateral: [{ asset: 'BTC', amount: btc, haircut: 0 }], positions })

/** The account's BTC collateral line. */
export const coinOf = (a: Account): number => a.collateral.filter((c) => c.asset === a.currency).reduce((s, c) => s + c.amount, 0)
