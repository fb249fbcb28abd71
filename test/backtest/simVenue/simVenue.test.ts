import { describe, expect, test } from 'vitest'
import { SimVenue, type ExecutionConfig } from '../../../backtest/simVenue/simVenue.ts'
import { testConfig } from '../support/testConfig.ts'
import type { OptionQuote } from '../../../engine/plugin/context.ts'
import type { OrderIntent } from '../../../engine/ports/executionPort.ts'

const ins = { type: 'option', id: 'BTC-5JAN24-45000-C', underlying: 'BTC', quote: 'USD', kind: 'call', strike: 45_000, expiryMs: Date.UTC(2024, 0, 5, 8), inverse: true } as const
const quote = (bid: number, ask: number): OptionQuote => ({ instrument: ins, bid, ask, mark: (bid + ask) / 2, markIv: 0.6, underlyingPrice: 40_000 })

function venue(execution: string, q = quote(400, 440), onChain = false, slippage?: ExecutionConfig['slippage']) {
  const cfg = testConfig({ execution })
  return new SimVenue({ execution: { ...cfg.execution, ...(slippage ? { slippage } : {}) }, hedgeInstrument: 'BTC-PERPETUAL', hedgeOnChain: onChain, quote: () => q, quoteCurrency: 'USD' })
}
const order = (o: Partial<OrderIntent>): OrderIntent => ({ clientId: 'c1', instrument: ins.id, side: 'sell', qty: 2, purpose: 'option', reason: '', ...o })
const market = (barIndex: number, spot = 40_000) => ({ barIndex, tMs: barIndex * 3_600_000, spot, gasGwei: NaN, ethPrice: 3000 })

describe('SimVenue', () => {
  test('an order submitted on bar i does not fill on bar i, and fills on bar i+1', async () => {
    const v = venue('  venue: sim')
    v.setDecisionBar(5)
    const ack = await v.submit(order({}))
    expect(ack.status).toBe('open')
    expect(v.fillDue(market(5))).toEqual([])
    const fills = v.fillDue(market(6))
    expect(fills).toHaveLength(1)
    expect(fills[0]!.tMs).toBe(6 * 3_600_000)
    expect(v.openCount).toBe(0)
    expect(await v.positions()).toEqual([{ instrument: ins.id, qty: -2, avgPrice: fills[0]!.price }])
  })
  test('submit is idempotent on clientId: the second submit returns the first ack and places nothing', async () => {
    const v = venue('  venue: sim')
    v.setDecisionBar(0)
    await v.submit(order({}))
    await v.submit(order({ qty: 99 }))
    expect(v.openCount).toBe(1)
    expect(v.fillDue(market(1))[0]!.qty).toBe(2)
  })
  test('Deribit option fee: min(0.03% of the underlying, 12.5% of the option price) per contract', async () => {
    // Deribit fee schedule (deribit.com/kb/fees): 0.0003 BTC per BTC option, capped at 12.5% of the option price.
    const v = venue('  venue: sim\n  fees: { option: { pctOfUnderlying: 0.03, capPctOfPrice: 12.5 } }\n  slippage: { model: bps, bps: 0 }')
    v.setDecisionBar(0)
    await v.submit(order({}))
    const f = v.fillDue(market(1))[0]!
    expect(f.price).toBe(400) // sells at the bid
    expect(f.fee).toBeCloseTo(2 * Math.min(0.0003 * 40_000, 0.125 * 400), 9) // 12 USD per contract (uncapped)
    const cheap = venue('  venue: sim\n  slippage: { model: bps, bps: 0 }', quote(40, 44))
    cheap.setDecisionBar(0)
    await cheap.submit(order({}))
    expect(cheap.fillDue(market(1))[0]!.fee).toBeCloseTo(2 * 0.125 * 40, 9) // capped: 5 USD per contract
  })
  test('slippage: bps off the bid/ask; chain-spread: a fraction of the half spread from mid', async () => {
    const bps = venue('  venue: sim\n  slippage: { model: bps, bps: 10 }')
    bps.setDecisionBar(0)
    await bps.submit(order({ side: 'buy' }))
    expect(bps.fillDue(market(1))[0]!.price).toBeCloseTo(440 * 1.001, 9)
    const spread = venue('  venue: sim', quote(400, 440), false, { model: 'chain-spread', fractionOfSpread: 0.5 })
    spread.setDecisionBar(0)
    await spread.submit(order({ side: 'sell' }))
    expect(spread.fillDue(market(1))[0]!.price).toBeCloseTo(420 - 0.5 * 20, 9)
  })
  test('hedge: taker fee in bps of notional, slippage on the price, gas per on-chain fill', async () => {
    const v = venue('  venue: sim\n  fees: { takerBps: 5 }\n  slippage: { model: bps, bps: 2 }\n  gas: { model: constant, gwei: 20, gasPerTx: 150000 }', quote(1, 2), true)
    v.setDecisionBar(0)
    await v.submit(order({ instrument: 'BTC-PERPETUAL', side: 'buy', qty: 3, purpose: 'hedge' }))
    const f = v.fillDue(market(1, 50_000))[0]!
    expect(f.price).toBeCloseTo(50_000 * 1.0002, 9)
    expect(f.fee).toBeCloseTo(3 * f.price * 5e-4, 9)
    expect(f.gasQuote).toBeCloseTo(20 * 150_000 * 1e-9 * 3000, 9) // 9 USD at ETH 3000
  })
  test('a limit order waits until the price allows it; cancel removes it', async () => {
    const v = venue('  venue: sim\n  slippage: { model: bps, bps: 0 }')
    v.setDecisionBar(0)
    await v.submit(order({ limitPrice: 410 }))
    expect(v.fillDue(market(1))).toEqual([])
    await v.amend('c1', { limitPrice: 395 })
    expect(v.fillDue(market(2))[0]!.price).toBe(400)
    await v.submit(order({ clientId: 'c2', limitPrice: 1000 }))
    await v.cancel('c2')
    expect(v.openCount).toBe(0)
  })
  test('a filled or cancelled id sent again gets its final status and places nothing; an unknown id cannot be amended', async () => {
    const v = venue('  venue: sim')
    v.setDecisionBar(0)
    await v.submit(order({}))
    await v.submit(order({ clientId: 'c2' }))
    await v.cancel('c2')
    expect(v.fillDue(market(1))).toHaveLength(1)
    v.setDecisionBar(1)
    expect(await v.submit(order({ qty: 99 }))).toEqual({ clientId: 'c1', status: 'filled', filledQty: 2, fills: [] })
    expect(await v.submit(order({ clientId: 'c2' }))).toMatchObject({ clientId: 'c2', status: 'cancelled', filledQty: 0 })
    expect(await v.amend('c1', { qty: 5 })).toMatchObject({ status: 'filled', filledQty: 2 })
    await v.cancel('c1')
    expect(v.openCount).toBe(0)
    expect(v.fillDue(market(2))).toEqual([])
    expect(await v.positions()).toEqual([{ instrument: ins.id, qty: -2, avgPrice: expect.any(Number) }])
    await expect(v.amend('c3', { qty: 1 })).rejects.toThrow('No order c3 to amend.')
  })
})
