/** Live step: our own time from a scheduled tick to the first order reaching the venue adapter, with the adapter's
 * latency taken out (an in-memory venue answers every read at once). Target: median < 50 ms. What is in it: the
 * journal (real SQLite on disk, WAL; the `sent` mark fsynced before the order goes out), reconcile, the market view (48 hourly
 * bars, vol index), account rebuild, risk guards, the covered-call strategy on the backtester's StrategyRuntime,
 * and the write-ahead intent rows before the send. For context, the same step against the Deribit emulator over
 * real ccxt on 127.0.0.1 (adapter latency included, no target). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { openJournal } from '../../../engine/adapters/sqlite/sqliteJournal.ts'
import { createLogger } from '../../../engine/logging/createLogger.ts'
import { loadRunConfig } from '../../../engine/runtime/loadRunConfig.ts'
import { runLiveStep, type LiveSetup } from '../../../engine/live/liveStep.ts'
import type { LiveVenue, VenueBars } from '../../../engine/live/liveVenue.ts'
import type { OrderAck, OrderIntent } from '../../../engine/ports/executionPort.ts'
import type { UnixMs } from '../../../engine/domain/units.ts'
import { report } from '../../support/bench.ts'
import { startHarness, T_FRIDAY } from './support/liveHarness.ts'

const TICK = Date.UTC(2024, 5, 7, 8) as UnixMs
const HOUR = 3_600_000
const RUNS = 15

/** Answers at once from fixed data: the adapter costs nothing, so what is measured is ours. */
function instantVenue(onFirstSubmit: () => void): LiveVenue {
  const n = 48
  const bars: VenueBars = {
    length: n, tMs: Float64Array.from({ length: n }, (_, i) => T_FRIDAY - (n - i + 1) * HOUR),
    open: new Float64Array(n).fill(60_000), high: new Float64Array(n).fill(60_300), low: new Float64Array(n).fill(59_700),
    close: Float64Array.from({ length: n }, (_, i) => 60_000 + 50 * Math.sin(i)), volume: new Float64Array(n).fill(100),
  }
  let sent = false
  return {
    name: 'instant',
    ready: async () => {},
    submit: async (o: OrderIntent): Promise<OrderAck> => {
      if (!sent) { sent = true; onFirstSubmit() }
      return { clientId: o.clientId, status: 'filled', filledQty: o.qty, fills: [], venueOrderId: '1' }
    },
    amend: async (clientId) => ({ clientId, status: 'open', filledQty: 0, fills: [] }),
    cancel: async () => {},
    openOrders: async () => [],
    positions: async () => [],
    find: async () => undefined,
    fills: async () => [],
    balances: async () => ({ BTC: { total: 10, free: 10, maintenanceMargin: 0 } }),
    index: async () => ({ price: 60_000, tMs: T_FRIDAY }),
    mark: async () => 60_000,
    quote: async () => ({ bid: 0.0100, ask: 0.0104, mark: 0.0102 }),
    bars: async () => bars,
    volIndex: async () => ({ length: 3, tMs: Float64Array.of(T_FRIDAY - 72 * HOUR, T_FRIDAY - 24 * HOUR, T_FRIDAY), vol: Float64Array.of(0.55, 0.55, 0.55) }),
    cancelAll: async () => 0,
  }
}

const quiet = createLogger({ destination: new Writable({ write(_c, _e, cb) { cb() } }) })
const cfgFile = fileURLToPath(new URL('../../../config/sandbox.yaml', import.meta.url))
const { config, strategy, params } = await loadRunConfig(cfgFile, { env: {} })
const dir = mkdtempSync(join(tmpdir(), 'ov-live-bench-'))
// the risk limits of config/sandbox.yaml, except slippage: the instant venue's quote is made up
const risk = { ...config.risk, maxSlippageBps: 10_000 }

const times: number[] = []
for (let r = 0; r < RUNS + 2; r++) {
  const journal = openJournal(join(dir, `j${r}.sqlite`))
  let firstMs = NaN
  const venue = instantVenue(() => { firstMs = performance.now() })
  const s: LiveSetup = { config: { ...config, risk }, strategy, params, venue, journal, log: quiet, nowMs: () => T_FRIDAY }
  const t0 = performance.now()
  const res = await runLiveStep(s, 'epoch-roll', TICK)
  if (res.status !== 'done' || !Number.isFinite(firstMs)) throw new Error(`bench step did not send: ${res.status} ${res.message}`)
  if (r >= 2) times.push(firstMs - t0) // two warm-up runs: module and JIT warm-up is not a tick's cost
  journal.close()
}
times.sort((a, b) => a - b)
const median = times[Math.floor(times.length / 2)] as number
report('live step: tick -> first order at the adapter (ours)', `${median.toFixed(2)} ms median of ${RUNS} (min ${times[0]!.toFixed(2)}, max ${times[times.length - 1]!.toFixed(2)})`,
  { ok: median < 50, text: '< 50 ms' })

// context: the same step through real ccxt to the emulator on 127.0.0.1, tick to the private/sell on the wire
const wire: number[] = []
for (let r = 0; r < 5; r++) {
  const h = await startHarness()
  const s = await h.open()
  await s.venue.ready() // loading ~2,500 instruments is start-up, not a tick's cost
  const t0 = Date.now()
  await runLiveStep(s, 'epoch-roll', TICK)
  const sell = h.sb.deribit.received('private/sell')[0]
  if (sell !== undefined) wire.push(sell.atMs - t0)
  await h.close()
}
wire.sort((a, b) => a - b)
report('  context: same, real ccxt + emulator on 127.0.0.1', `${wire[Math.floor(wire.length / 2)]} ms median of ${wire.length} (adapter latency included)`)
rmSync(dir, { recursive: true, force: true })
