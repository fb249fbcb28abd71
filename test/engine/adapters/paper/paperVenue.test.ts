import { afterEach, expect, test } from 'vitest'
import { runLive } from '../../../../engine/live/liveRunner.ts'
import { parseInstrument } from '../../../../engine/domain/margin/parseInstrument.ts'
import { startHarness, type Harness } from '../../live/support/liveHarness.ts'

let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

test('paper: live quotes from the venue, fills by the backtester\'s fill model, no private call, account in the journal', async () => {
  h = await startHarness({ edit: (y) => y.replace('venue: deribit', 'venue: paper') })
  const s = await h.open()
  const r = await runLive(s, { once: true })
  expect(r.map((x) => x.status)).toEqual(['done', 'done'])
  expect(h.sb.deribit.received().filter((q) => q.route.startsWith('private/'))).toEqual([])
  const [sale, hedge] = s.journal.fills()
  expect(sale!.instrument).toMatch(/^BTC-\d+[A-Z]{3}\d\d-\d+-C$/)
  // SimVenue's rules (backtest/simVenue): sell at the bid less slippage.bps (5 by default), option fee
  // min(0.03% of spot, 12.5% of price) per contract; here in Deribit units (coins)
  const d = h.sb.deribit
  const ins = d.market.instruments(h.clock.now, 'BTC', 'option').find((i) => i.instrument_name === sale!.instrument)!
  const q = d.market.optionQuote(ins, h.clock.now)
  expect(sale!.price).toBeCloseTo(q.bid! * (1 - 5 / 1e4), 10)
  expect(sale!.fee).toBeCloseTo(Math.min(0.0003, 0.125 * sale!.price) * sale!.qty, 10)
  expect(parseInstrument(sale!.instrument).type).toBe('option')
  // the hedge buys the perpetual at the index plus slippage, taker fee 5 bps of notional
  const idx = d.market.indexPrice('BTC', h.clock.now)
  expect(hedge!.instrument).toBe('BTC-PERPETUAL')
  expect(hedge!.price).toBeCloseTo(idx * (1 + 5 / 1e4), 6)
  expect(hedge!.fee).toBeCloseTo(hedge!.qty * hedge!.price * 5 / 1e4 / idx, 10)
  const pos = await s.venue.positions()
  expect(pos).toEqual([
    { instrument: sale!.instrument, qty: -sale!.qty, avgPrice: sale!.price },
    { instrument: 'BTC-PERPETUAL', qty: expect.closeTo(hedge!.qty, 8), avgPrice: hedge!.price }, // positions round to 1e-8
  ])
  // a restarted paper run has the same account: nothing is due and nothing is filled twice
  s.journal.close()
  const again = await h.open()
  expect(await runLive(again, { once: true })).toEqual([])
  expect(again.journal.fills()).toHaveLength(2)
})
