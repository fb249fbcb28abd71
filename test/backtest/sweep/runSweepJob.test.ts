import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { runSweepJob } from '../../../backtest/sweep/runSweepJob.ts'
import { loadSharedData } from '../../../backtest/sweep/sharedData.ts'
import { loadRunConfig } from '../../../engine/runtime/loadRunConfig.ts'
import type { SweepJob } from '../../../backtest/sweep/sweepJob.ts'
import { smallConfig } from './support/smallConfig.ts'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

async function setup(extra = '') {
  const { file, dir } = smallConfig('2024-01-01', '2024-01-31', extra)
  dirs.push(dir)
  const data = await loadSharedData((await loadRunConfig(file, { checkFiles: true })).config, file)
  const job = (params: SweepJob['params'], id = 'j'): SweepJob => ({ id, configFile: file, configText: readFileSync(file, 'utf8'), params })
  return { file, dir, data, job }
}

describe('runSweepJob', () => {
  test('a job run again (its config parsed once, kept by the thread) gives the same metrics; other params differ', async () => {
    const { data, job } = await setup()
    const a = await runSweepJob(job({ 'strategy.params.targetDelta': 0.15 }), data)
    const b = await runSweepJob(job({ 'strategy.params.targetDelta': 0.3 }), data)
    const a2 = await runSweepJob(job({ 'strategy.params.targetDelta': 0.15 }), data)
    expect(a.error).toBeUndefined()
    expect(a2.metrics).toEqual(a.metrics)
    expect(b.metrics['vault.premiumCollected']).not.toBe(a.metrics['vault.premiumCollected'])
  })

  test('a strategy that writes into its params does not change them for the next job with the same params', async () => {
    const { dir, file, data, job } = await setup()
    // a plugin that counts its starts in its own params: with a shared params object the second run would see 2
    const plugin = join(dir, 'counting.ts')
    const root = new URL('../../../', import.meta.url).pathname
    writeFileSync(plugin, `import { defineStrategy, z } from '${root}engine/plugin/index.ts'
export default defineStrategy({
  name: 'counting', apiVersion: 1, params: z.object({ starts: z.number().default(0), size: z.number().default(1) }),
  onStart(_ctx, p) { p.starts += 1; if (p.starts !== 1) throw new Error('params carried over: starts = ' + p.starts) },
})
`)
    writeFileSync(file, readFileSync(file, 'utf8').replace(/strategy:\n(  .*\n)+/, `strategy:\n  path: ${plugin}\n  params:\n    size: 1\n`))
    const first = await runSweepJob(job({ 'strategy.params.size': 2 }), data)
    const second = await runSweepJob(job({ 'strategy.params.size': 2 }), data)
    expect(first.error).toBeUndefined()
    expect(second.error).toBeUndefined()
  })
})
