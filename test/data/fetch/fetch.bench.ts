// Speed of the ccxt download path and of the safe append (npm run bench -- fetch). Medians over several runs.
// The fetch runs against the local fake Binance on 127.0.0.1, so it measures our paging + ccxt parsing + CSV
// writing, not the internet; a real run is bounded by the exchange's rate limit (binance: 50 ms per request,
// i.e. 20k 1m-candles/s at 1000 per page), so the target is to stay well above that.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { perSecond, report } from '../../support/bench.ts'
import { startFakeBinance } from '../../support/fakeBinance/startFakeBinance.ts'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import { fetchOhlcvToCsv } from '../../../data/fetch/fetchOhlcvToCsv.ts'
import { CsvAppender } from '../../../data/fetch/csvAppender.ts'
import { writeFileAtomic } from '../../../data/io/writeAtomic.ts'

async function medianMsAsync(fn: () => Promise<void>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const dir = mkdtempSync(join(tmpdir(), 'ov-fetch-bench-'))
const fake = await startFakeBinance({ seed: 1 })
const since = Date.UTC(2024, 0, 1)
const days = 30
const rows = days * 1440
let n = 0
const fetchMs = await medianMsAsync(async () => {
  const out = join(dir, `f${n++}.csv`)
  await fetchOhlcvToCsv({
    exchange: createExchange('binance', { baseUrl: fake.url, marketTypes: ['spot'], rateLimitMs: 0 }),
    symbol: 'BTC/USDT', timeframe: '1m', sinceMs: since, untilMs: since + days * 86_400_000, limit: 1000, out,
  })
})
await fake.close()
report(`fetchOhlcvToCsv, ${rows} 1m candles, 1000 per page (local)`, `${perSecond(rows, fetchMs)} candles, ${(fetchMs / Math.ceil(rows / 1000)).toFixed(1)} ms per page`,
  { ok: rows / fetchMs * 1000 >= 40_000, text: '>= 40k candles/s (2x the binance rate-limit ceiling)' })

// Appending one page to a long history: copy-then-rename (CsvAppender) against re-serialising the whole file
// through writeFileAtomic, on 500k rows (~1 year of 1m candles, ~37 MB).
const big = join(dir, 'big.csv')
let text = 'ts,open,high,low,close,volume\n'
for (let i = 0; i < 500_000; i++) text += `${new Date(since + i * 60_000).toISOString()},42000.12,42100.5,41900.25,42050.75,12.34567\n`
writeFileSync(big, text)
const page = Array.from({ length: 1000 }, (_, i) => [new Date(since + (500_000 + i) * 60_000).toISOString(), '1', '2', '0.5', '1.5', '10'])
const appendMs = await medianMsAsync(async () => {
  writeFileSync(big, text)
  const a = CsvAppender.open(big, ['ts', 'open', 'high', 'low', 'close', 'volume'])
  for (const r of page) a.add(r)
  a.flush()
})
const rewriteMs = await medianMsAsync(async () => {
  writeFileSync(big, text)
  const old = readFileSync(big, 'utf8')
  writeFileAtomic(big, old + page.map((r) => `${r.join(',')}\n`).join(''))
})
// the baseline includes the same writeFileSync reset as the measured run
const resetMs = await medianMsAsync(async () => { writeFileSync(big, text) })
report('append 1000 rows to a 500k-row file (open + copy + rename)', `${(appendMs - resetMs).toFixed(1)} ms`,
  { ok: appendMs - resetMs <= rewriteMs - resetMs, text: `<= read + rewrite whole file (${(rewriteMs - resetMs).toFixed(1)} ms)` })
rmSync(dir, { recursive: true, force: true })
