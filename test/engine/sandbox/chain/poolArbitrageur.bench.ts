/** Wall time and gas of one arbitrage step of the chain sandbox's keeper (automine, 127.0.0.1), medians over several
 * runs: a no-op (pool within 1 bp: three reads, no transaction), a 5 bp step (the size of the index's minute-to-minute
 * moves, what the keeper does on most ticks) and a 1% step. Target: a step well under the keeper's 30 s tick, and
 * under its 200 ms test tick. The first step also mints the keeper's inventory and approves the router. */
import { performance } from 'node:perf_hooks'
import { startChainSandbox } from '../../../../engine/sandbox/chain/startChainSandbox.ts'
import type { ArbitrageStep } from '../../../../engine/sandbox/chain/poolArbitrageur.ts'
import { report } from '../../../support/bench.ts'

const chain = await startChainSandbox({ port: 0 })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function timed(target: number): Promise<{ ms: number; step: ArbitrageStep }> {
  const t0 = performance.now()
  const step = await chain.arbitrageTo(target)
  return { ms: performance.now() - t0, step }
}

const first = await timed(60_600)
report('first step, 1% (mint inventory + approve + swap)', `${first.ms.toFixed(1)} ms, ${first.step.transactions} txs, swap gas ${first.step.swap!.gasUsed}`)
// the other direction's first step mints and approves the other token: not measured
await chain.arbitrageTo(60_000)

// Alternate directions so each run is a real swap of the same size.
async function runs(movePct: number, n: number): Promise<{ ms: number; gas: bigint }> {
  const ms: number[] = []
  const gas: bigint[] = []
  let at = 60_000
  for (let i = 0; i < n; i++) {
    at = i % 2 === 0 ? at * (1 - movePct / 100) : at * (1 + movePct / 100)
    const { ms: t, step } = await timed(at)
    if (!step.swapped || step.transactions !== 1) throw new Error(`run ${i}: expected one swap, got ${step.transactions} transactions`)
    ms.push(t)
    gas.push(step.swap!.gasUsed)
  }
  return { ms: median(ms), gas: [...gas].sort((a, b) => (a < b ? -1 : 1))[Math.floor(n / 2)]! }
}

const small = await runs(0.05, 11)
report('step of 5 bp (one swap)', `${small.ms.toFixed(1)} ms, gas ${small.gas}`, { ok: small.ms < 200, text: '< 200 ms' })
const big = await runs(1, 11)
report('step of 1% (one swap)', `${big.ms.toFixed(1)} ms, gas ${big.gas}`, { ok: big.ms < 200, text: '< 200 ms' })

const noop: number[] = []
const here = (await chain.arbitrageTo(60_000)).targetUsd
for (let i = 0; i < 11; i++) {
  const { ms, step } = await timed(here)
  if (step.swapped) throw new Error('expected no swap within the band')
  noop.push(ms)
}
report('no-op step (within 1 bp: reads only)', `${median(noop).toFixed(1)} ms`)
await chain.stop()
