import { afterEach, expect, test } from 'vitest'
import { runLive } from '../../../engine/live/liveRunner.ts'
import { runLiveStep } from '../../../engine/live/liveStep.ts'
import { killSwitch, resume } from '../../../engine/live/killSwitch.ts'
import type { UnixMs } from '../../../engine/domain/units.ts'
import { ordersByLabel, startHarness, T_FRIDAY, type Harness } from './support/liveHarness.ts'

let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

const EPOCH_TICK = Date.UTC(2024, 5, 7, 8) as UnixMs
const HEDGE_TICK = Date.UTC(2024, 5, 7, 9) as UnixMs

test('--once on a Friday: the epoch roll sells calls, the hedge check buys the perp; every order journaled with its outcome', async () => {
  h = await startHarness()
  const s = await h.open()
  const r = await runLive(s, { once: true })
  expect(r.map((x) => [x.job, x.tickMs, x.status])).toEqual([['epoch-roll', EPOCH_TICK, 'done'], ['hedge-check', HEDGE_TICK, 'done']])
  const intents = s.journal.intents()
  expect(intents.map((i) => [i.instrument.endsWith('-C') ? 'call' : i.instrument, i.side, i.state])).toEqual([['call', 'sell', 'filled'], ['BTC-PERPETUAL', 'buy', 'filled']])
  // what the journal says is what the emulator holds: one order per intent, same ids
  expect([...ordersByLabel(h)]).toEqual(intents.map((i) => [i.clientId, 1]))
  expect(s.journal.fills()).toHaveLength(h.sb.account.trades.length)
  // covered call at 50% of the 10 BTC NAV (config/sandbox.yaml sizePctOfNav: 50)
  expect(intents[0]!.qty).toBeCloseTo(5, 6)
  // one snapshot per step: the roll's starts from the 10 BTC the account holds, the hedge check's after the sale
  expect(s.journal.firstVaultSince(0 as UnixMs)).toMatchObject({ nav: 10 })
  expect(s.journal.lastVault()).toMatchObject({ epoch: 1, runId: r[1]!.runId })
  expect(s.journal.lastVault()!.nav).toBeCloseTo(10, 1)
  const pos = await s.venue.positions()
  expect(pos.find((p) => p.instrument === 'BTC-PERPETUAL')!.qty).toBeGreaterThan(0)
})

test('the same ticks again: nothing is due, and forcing the step sends no new order', async () => {
  h = await startHarness()
  const s = await h.open()
  await runLive(s, { once: true })
  const sent = h.sb.deribit.received('private/sell').length + h.sb.deribit.received('private/buy').length
  expect(await runLive(s, { once: true })).toEqual([])
  h.clock.now = (T_FRIDAY + 60_000) as UnixMs
  const again = await runLiveStep(s, 'hedge-check', HEDGE_TICK)
  expect(again.status).toBe('done')
  expect(h.sb.deribit.received('private/sell').length + h.sb.deribit.received('private/buy').length).toBe(sent)
  expect([...ordersByLabel(h).values()].every((n) => n === 1)).toBe(true)
})

test('--dry-run computes the orders, sends none, writes no intent, and leaves the ticks due', async () => {
  h = await startHarness()
  const dry = await h.open({ dryRun: true })
  const r = await runLive(dry, { once: true })
  expect(r[0]!.status).toBe('dry-run')
  expect(r[0]!.intended.map((i) => i.side)).toEqual(['sell'])
  expect(h.sb.deribit.received('private/sell')).toHaveLength(0)
  expect(dry.journal.intents()).toEqual([])
  dry.journal.close()
  const real = await h.open()
  const r2 = await runLive(real, { once: true })
  expect(r2.map((x) => x.status)).toEqual(['done', 'done'])
  expect(real.journal.intents()[0]!.clientId).toBe(r[0]!.intended[0]!.clientId) // the dry run showed the real id
})

test('stale oracle: an index older than oracleMaxStalenessSec stops the step before any order', async () => {
  h = await startHarness()
  h.clock.emulatorLagMs = 120_000 // the venue's clock (and its index stamp) two minutes behind ours; limit 60 s
  const s = await h.open()
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('tripped')
  expect(r.message).toMatch(/oracleMaxStalenessSec stopped the step: index price is 120 s old, limit 60 s/)
  expect(s.journal.guardTrips()[0]).toMatchObject({ guard: 'oracleMaxStalenessSec', runId: r.runId })
  expect(h.sb.deribit.received('private/sell')).toHaveLength(0)
})

test('oracle deviation: a perpetual mark 2% off the index trips oracleMaxDeviationBps', async () => {
  h = await startHarness()
  const d = h.sb.deribit
  d.method('public/ticker', (p, _r, t) => {
    const tk = d.market.ticker(t, p['instrument_name'] ?? '')!
    return p['instrument_name'] === 'BTC-PERPETUAL' ? { ...tk, mark_price: (tk.index_price as number) * 1.02 } : tk
  })
  const s = await h.open()
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('tripped')
  expect(r.message).toMatch(/oracleMaxDeviationBps stopped the step: perpetual mark .* is 200(\.\d)? bps from index/)
})

test('per-order notional and min health limits trip with the numbers in the message', async () => {
  h = await startHarness({ edit: (y) => y.replace('maxNotionalPerOrder: 10', 'maxNotionalPerOrder: 1') })
  const s = await h.open()
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('tripped')
  expect(r.message).toMatch(/maxNotionalPerOrder stopped the step: sell 5 BTC-.* is 5 of notional, limit 1/)
  expect(h.sb.account.orders.size).toBe(0)
  await h.close()
  h = await startHarness({ edit: (y) => y.replace('minHealth: 1.2', 'minHealth: 50') })
  const s2 = await h.open()
  const roll = await runLiveStep(s2, 'epoch-roll', EPOCH_TICK) // no margin used yet: health is infinite
  expect(roll.status).toBe('done')
  const hedge = await runLiveStep(s2, 'hedge-check', HEDGE_TICK)
  expect(hedge.status).toBe('tripped')
  expect(hedge.message).toMatch(/minHealth stopped the step: health \d+\.\d+ \(equity \/ maintenance margin\) is below risk.minHealth 50/)
})

test('kill switch: open orders cancelled, hedge flattened, runs blocked until resume', async () => {
  h = await startHarness()
  const s = await h.open()
  await runLive(s, { once: true })
  const k = await killSwitch(s.venue, s.journal, { reason: 'test', flatten: true, nowMs: s.nowMs })
  expect(k.flattened.map((a) => a.status)).toEqual(['filled'])
  expect((await s.venue.positions()).some((p) => p.instrument === 'BTC-PERPETUAL')).toBe(false)
  h.clock.now = Date.UTC(2024, 5, 7, 10, 5) as UnixMs
  const blocked = await runLive(s, { once: true })
  expect(blocked.map((r) => r.status)).toEqual(['blocked'])
  expect(blocked[0]!.message).toMatch(/kill switch is on .* \(test\)/)
  expect(resume(s.journal)).toBe(true)
  const after = await runLive(s, { once: true })
  expect(after.map((r) => r.status)).toEqual(['done'])
})

test('scheduled mode: runs what is due at start, then waits on cron; an abort (early or while waiting) stops it and frees the lock', async () => {
  h = await startHarness()
  const s = await h.open()
  const early = new AbortController()
  const r = await runLive(s, { signal: early.signal, onStep: (x) => { if (x.job === 'hedge-check') early.abort() } })
  expect(r.map((x) => `${x.job} ${x.status}`)).toEqual(['epoch-roll done', 'hedge-check done'])
  expect(s.journal.lockHolder()).toBeUndefined()
  const waiting = new AbortController()
  const running = runLive(s, { signal: waiting.signal })
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(s.journal.lockHolder()?.pid).toBe(process.pid) // up and waiting for the next tick, holding the lock
  waiting.abort()
  expect(await running).toEqual([]) // nothing was due
  expect(s.journal.lockHolder()).toBeUndefined()
})
