/** On-chain hedge, against the sandbox (Deribit emulator + local EVM with the real Uniswap v3 contracts), for context
 * next to live.bench.ts's tick-to-order target (no target here: every figure is mostly RPC round trips to a node
 * on 127.0.0.1). Medians over 15 runs after 2 warm-ups:
 * - the oracle guard a live step runs first: Chainlink latestRoundData, the pool TWAP (observe) and the Deribit
 *   index through ccxt, checked for staleness, bounds and deviation;
 * - one 0.01 WBTC hedge swap through the RoutingVenue, from submit to the signed transaction on disk in the
 *   journal's chain_txs (fsynced; the broadcast follows at once), and to its mined receipt (1 confirmation,
 *   automine). Buys and sells alternate, so the pool stays where it was. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Writable } from 'node:stream'
import { openLive } from '../../../engine/live/openLive.ts'
import { openChainVenue } from '../../../engine/live/openChainVenue.ts'
import { startSandbox } from '../../../engine/sandbox/startSandbox.ts'
import type { SqliteJournal } from '../../../engine/adapters/sqlite/sqliteJournal.ts'
import type { UnixMs } from '../../../engine/domain/units.ts'
import { report } from '../../support/bench.ts'

const RUNS = 15
const sb = await startSandbox({ deribitPort: 0, chainPort: 0, currencies: ['BTC'] })
const dir = mkdtempSync(join(tmpdir(), 'ov-onchain-bench-'))
const file = join(dir, 'c.yaml')
writeFileSync(file, readFileSync(new URL('../../../config/sandbox-onchain.yaml', import.meta.url), 'utf8')
  .replace('path: ../runs/sandbox-onchain.journal.sqlite', 'path: ./j.sqlite'))
const s = await openLive(file, {
  env: { ...process.env, OPTVAULT_DERIBIT_URL: sb.deribit.url, OPTVAULT_CHAIN_RPC: sb.chain!.rpcUrl, OPTVAULT_CHAIN_KEY: sb.onchainEnv()['OPTVAULT_CHAIN_KEY']! },
  logTo: new Writable({ write(_c, _e, cb) { cb() } }),
})
await s.venue.ready() // loading the instruments and checking the contracts is start-up, not a step's cost

const median = (xs: number[]) => { const v = [...xs].sort((a, b) => a - b); return v[Math.floor(v.length / 2)]! }
const fmt = (xs: number[]) => `${median(xs).toFixed(1)} ms median of ${xs.length} (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`

const guard: number[] = []
for (let r = 0; r < RUNS + 2; r++) {
  const t0 = performance.now()
  await s.oracle!.read()
  if (r >= 2) guard.push(performance.now() - t0)
}
report('oracle guard: Chainlink + TWAP + Deribit index', fmt(guard))
const index: number[] = []
for (let r = 0; r < RUNS + 2; r++) {
  const t0 = performance.now()
  await s.venue.index('BTC')
  if (r >= 2) index.push(performance.now() - t0)
}
report('  of which: the Deribit index alone (ccxt, its rate limiter)', fmt(index))

let recordedAt = NaN
const j = s.journal
const timed = Object.assign(Object.create(j) as SqliteJournal, {
  clientIdStore: (now: () => UnixMs) => {
    const store = j.clientIdStore(now)
    return { lookup: store.lookup, record: async (id: string, sent: Parameters<typeof store.record>[1]) => { await store.record(id, sent); recordedAt = performance.now() } }
  },
})
const chain = openChainVenue({ config: s.config, configFile: file, chain: s.config.execution.chain!, privateKey: undefined, journal: timed, main: s.venue, hedgeId: 'UNIV3:BTC/USD', log: s.log, nowMs: Date.now as () => UnixMs })
const toDisk: number[] = []
const toReceipt: number[] = []
for (let r = 0; r < RUNS + 2; r++) {
  const t0 = performance.now()
  const ack = await chain.venue.submit({ clientId: `bench-${r}`, instrument: 'UNIV3:BTC/USD', side: r % 2 === 0 ? 'buy' : 'sell', qty: 0.01, purpose: 'hedge', reason: 'bench' })
  if (ack.status !== 'filled') throw new Error(`bench swap ${r}: ${ack.status}`)
  if (r >= 2) { toDisk.push(recordedAt - t0); toReceipt.push(performance.now() - t0) }
}
report('hedge swap: submit -> signed tx fsynced, then broadcast', fmt(toDisk))
report('hedge swap: submit -> mined receipt (1 confirmation)', fmt(toReceipt))

chain.close()
s.journal.close()
await sb.stop()
rmSync(dir, { recursive: true, force: true })
