import { describe, expect, test } from 'vitest'
import { settleExpiry, settleOption, type SettlementPosition } from '../../../../engine/domain/settlement/settleOption.ts'
import type { OptionInstrument } from '../../../../engine/domain/instruments/instrument.ts'
import { SettlementInputError } from '../../../../engine/errors/settlement.ts'

const EXP = Date.UTC(2024, 5, 28, 8)
const option = (kind: 'call' | 'put', strike: number, inverse: boolean): OptionInstrument => ({
  type: 'option', id: `BTC-28JUN24-${strike}-${kind === 'call' ? 'C' : 'P'}`, underlying: 'BTC', quote: inverse ? 'USD' : 'USDC',
  kind, strike, expiryMs: EXP, inverse,
})
const pos = (instrument: OptionInstrument, contracts: number, extra: Partial<SettlementPosition> = {}): SettlementPosition =>
  ({ instrument, contracts, account: 'vault', counterparty: 'deribit', ...extra })

describe('settlement records', () => {
  test('short inverse call ITM: the vault pays the payoff in BTC', () => {
    const r = settleOption(pos(option('call', 60_000, true), -2), 66_000)
    // (66_000 - 60_000) / 66_000 = 0.090909 BTC per contract, 2 contracts
    expect(r.payoffPerContract).toBeCloseTo(6_000 / 66_000, 15)
    expect(r.total).toBeCloseTo(12_000 / 66_000, 15)
    expect([r.exercised, r.payoffAsset, r.contracts, r.payer, r.receiver, r.settlementPrice]).toEqual([true, 'BTC', 2, 'vault', 'deribit', 66_000])
    expect(r.legs).toEqual([{ asset: 'BTC', amount: r.total, from: 'vault', to: 'deribit' }])
  })

  test('long linear put ITM with contract size: paid in the quote currency', () => {
    const r = settleOption(pos(option('put', 60_000, false), 3, { contractSize: 0.1 }), 55_000)
    // (60_000 - 55_000) * 0.1 = 500 USDC per contract, 3 contracts = 1_500 USDC
    expect([r.payoffPerContract, r.total, r.payoffAsset, r.payer, r.receiver]).toEqual([500, 1_500, 'USDC', 'deribit', 'vault'])
  })

  test('OTM and ATM expire worthless: no legs, sides still named', () => {
    for (const s of [55_000, 60_000]) {
      const r = settleOption(pos(option('call', 60_000, true), -1), s)
      expect([r.exercised, r.total, r.legs, r.payer, r.receiver]).toEqual([false, 0, [], 'vault', 'deribit'])
    }
  })

  test('physical delivery returns the asset legs; ATM delivers nothing', () => {
    const call = settleOption(pos(option('call', 60_000, false), 2, { delivery: 'physical' }), 70_000)
    // long 2 calls: receive 2 BTC from the short, pay 2 * 60_000 USDC
    expect(call.legs).toEqual([
      { asset: 'BTC', amount: 2, from: 'deribit', to: 'vault' },
      { asset: 'USDC', amount: 120_000, from: 'vault', to: 'deribit' },
    ])
    expect(call.payoffPerContract).toBe(10_000) // value of the delivery, in USDC
    const put = settleOption(pos(option('put', 60_000, false), -1, { delivery: 'physical' }), 50_000)
    // short 1 put: the long (deribit) delivers 1 BTC to the vault, the vault pays 60_000 USDC
    expect(put.legs).toEqual([
      { asset: 'BTC', amount: 1, from: 'deribit', to: 'vault' },
      { asset: 'USDC', amount: 60_000, from: 'vault', to: 'deribit' },
    ])
    expect(settleOption(pos(option('put', 60_000, false), -1, { delivery: 'physical' }), 60_000).legs).toEqual([])
  })

  test('settleExpiry: one TWAP for every position of the expiry', () => {
    const positions = [pos(option('call', 60_000, true), -1), pos(option('put', 60_000, false), 1)]
    // 58_000 for 15 min then 62_000 for 15 min: TWAP 60_000 exactly, so both are at the money
    const recs = settleExpiry(positions, { tMs: [EXP - 1_800_000, EXP - 900_000], price: [58_000, 62_000], expiryMs: EXP })
    expect(recs.map((r) => [r.settlementPrice, r.exercised, r.total])).toEqual([[60_000, false, 0], [60_000, false, 0]])
    const other = pos({ ...option('call', 1, true), expiryMs: EXP + 1 }, 1)
    expect(() => settleExpiry([other], { tMs: [EXP], price: [1], expiryMs: EXP })).toThrow(SettlementInputError)
    expect(() => settleOption(pos(option('call', 1, true), 0), 2)).toThrow('contracts must be a non-zero number, got 0')
  })
})
