import { afterEach, expect, test } from 'vitest'
import { runLiveStep } from '../../../engine/live/liveStep.ts'
import type { CcxtVenue } from '../../../engine/adapters/ccxt/ccxtVenue.ts'
import { VenueTimeoutError } from '../../../engine/adapters/ccxt/venueErrors.ts'
import type { UnixMs } from '../../../engine/domain/units.ts'
import { ordersByLabel, startHarness, T_FRIDAY, type Harness } from './support/liveHarness.ts'

// Each injected fault ends in a safe state the journal describes: no order twice, every order sent has a row with
// its outcome (or stays `sent` until the next start reconciles it), and the run says what happened.
let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })
const EPOCH_TICK = Date.UTC(2024, 5, 7, 8) as UnixMs

const onePerLabel = (x: Harness) => [...ordersByLabel(x).values()].every((n) => n === 1)

test('HTTP 503 twice on the sell: retried after back-off, one order, journaled filled', async () => {
  h = await startHarness()
  const s = await h.open()
  h.sb.deribit.serverErrorNext(2, 503, 'private/sell')
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('done')
  expect(h.sb.deribit.received('private/sell')).toHaveLength(3)
  expect(h.sb.account.orders.size).toBe(1)
  expect(s.journal.intents().map((i) => i.state)).toEqual(['filled'])
  expect(h.logs.join('')).toMatch(/"kind":"retry".*"error":"ExchangeNotAvailable"/)
})

test('429 with Retry-After: waits, then one order', async () => {
  h = await startHarness()
  const s = await h.open()
  h.sb.deribit.retryAfterNext(1, 1, 'private/sell')
  const t0 = Date.now()
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('done')
  expect(Date.now() - t0).toBeGreaterThanOrEqual(1000)
  expect(h.sb.account.orders.size).toBe(1)
  expect(h.logs.join('')).toMatch(/"kind":"retry"[^\n]*"waitMs":1000/)
})

test('timeout after the order was placed (answer lost): the retry finds it by label; one order, journaled', async () => {
  h = await startHarness()
  const s = await h.open({ venue: { timeoutMs: 1_500, maxAttempts: 3, backoffMs: 10, rateLimitMs: 1 } })
  await s.venue.ready()
  h.sb.account.dropAnswerNext(1)
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('done')
  expect(h.sb.deribit.received('private/sell')).toHaveLength(1)
  expect(onePerLabel(h)).toBe(true)
  expect(s.journal.intents()[0]).toMatchObject({ state: 'filled', venueOrderId: [...h.sb.account.orders.keys()][0] })
})

test('venue unreachable for the whole step: the run fails, the intent stays `sent`, the next start sends it once', async () => {
  h = await startHarness()
  const s = await h.open({ venue: { maxAttempts: 2, backoffMs: 10, rateLimitMs: 1 } })
  await s.venue.ready()
  ;(s.venue as CcxtVenue).ex.timeout = 300 // markets loaded at the normal timeout; trading calls give up fast
  h.sb.deribit.hangNext(10, 'private/sell')
  await expect(runLiveStep(s, 'epoch-roll', EPOCH_TICK)).rejects.toBeInstanceOf(VenueTimeoutError)
  expect(s.journal.runs(1)[0]).toMatchObject({ status: 'failed' })
  expect(s.journal.intents().map((i) => i.state)).toEqual(['sent'])
  expect(h.sb.account.orders.size).toBe(0)
  h.sb.deribit.clearFaults()
  h.clock.now = (T_FRIDAY + 5 * 60_000) as UnixMs
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('done')
  expect(h.sb.account.orders.size).toBe(1)
  expect(s.journal.intents().map((i) => i.state)).toEqual(['filled'])
})

test('partial fill: the unfilled rest of the market order is cancelled by the venue; journal holds the filled part', async () => {
  h = await startHarness()
  const s = await h.open()
  h.sb.account.partialFillNext(1, 0.4)
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('done')
  const row = s.journal.intents()[0]!
  expect(row.state).toBe('cancelled')
  expect(row.filledQty).toBeCloseTo(2, 8) // 40% of 5 contracts
  expect(s.journal.fills().reduce((a, f) => a + f.qty, 0)).toBeCloseTo(2, 8)
  expect((await s.venue.positions())[0]!.qty).toBeCloseTo(-2, 8)
})

test('reject: journaled as rejected with the venue\'s reason; the step ends and says so; nothing retried', async () => {
  h = await startHarness()
  const s = await h.open()
  h.sb.account.rejectNext(1, 10009, 'not_enough_funds')
  const r = await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(r.status).toBe('done')
  expect(r.message).toBe('1 order(s): 0 filled, 0 working, 1 rejected')
  expect(s.journal.intents()[0]).toMatchObject({ state: 'rejected', outcome: expect.stringMatching(/not_enough_funds/) })
  expect(h.sb.deribit.received('private/sell')).toHaveLength(1)
  // a rejected id is final: running the tick again does not send it
  h.clock.now = (T_FRIDAY + 60_000) as UnixMs
  await runLiveStep(s, 'epoch-roll', EPOCH_TICK)
  expect(h.sb.deribit.received('private/sell')).toHaveLength(1)
})
