/** A small real RunOne for testing the pool and queue machinery without the backtester's cost: per bar of the
 * job's window it prices a 7-day Black-76 call struck `strategy.params.targetDelta` above spot at vol
 * 0.5 + hedge.band, and reports the mean price as `sharpe`. A position of targetDelta in the underlying gives
 * the NAV curve. targetDelta > 0.9 fails, like a parameter the strategy schema refuses. */
import { black76Price } from '../../../../engine/domain/pricing/black76.ts'
import type { SharedData } from '../../../../backtest/sweep/sharedData.ts'
import type { RunResult, SweepJob } from '../../../../backtest/sweep/sweepJob.ts'

export async function runOne(job: SweepJob, data: SharedData): Promise<RunResult> {
  const d = Number(job.params['strategy.params.targetDelta'] ?? 0.2)
  const band = Number(job.params['hedge.band'] ?? 0.05)
  if (d > 0.9) return { id: job.id, metrics: {}, error: `strategy.params.targetDelta ${d} is above 0.9` }
  const b = data.bars
  let i0 = 0
  let i1 = b.length
  if (job.window) {
    while (i0 < i1 && (b.tMs[i0] as number) < job.window.fromMs) i0++
    while (i1 > i0 && (b.tMs[i1 - 1] as number) >= job.window.toMs) i1--
  }
  let sum = 0
  for (let i = i0; i < i1; i++) {
    const f = b.close[i] as number
    sum += black76Price({ kind: 'call', forward: f, strike: f * (1 + d), sigma: 0.5 + band, tYears: 7 / 365, rate: 0 })
  }
  const n = i1 - i0
  const first = b.close[i0] as number
  const last = b.close[i1 - 1] as number
  const ret = d * (last / first - 1)
  const metrics = { sharpe: n > 0 ? sum / n : null, totalReturn: ret }
  if (!job.withEquity) return { id: job.id, metrics }
  const tMs = b.tMs.slice(i0, i1)
  const nav = new Float64Array(n)
  for (let i = 0; i < n; i++) nav[i] = 1 + d * ((b.close[i0 + i] as number) / first - 1)
  return { id: job.id, metrics, equity: { tMs, nav } }
}
