import { describe, expect, test } from 'vitest'
import { PICK_WINDOW, RunCosts } from '../../../backtest/sweep/runCosts.ts'
import type { SweepJob } from '../../../backtest/sweep/sweepJob.ts'

const job = (delta: number, band: number): SweepJob =>
  ({ id: `${delta}/${band}`, configFile: 'c.yaml', configText: '', params: { 'strategy.params.targetDelta': delta, 'hedge.band': band } })
const q = (...jobs: SweepJob[]) => jobs.map((j) => ({ job: j }))

describe('RunCosts', () => {
  test('with nothing finished it keeps the queue order and predicts nothing', () => {
    const c = new RunCosts()
    expect(c.pick(q(job(0.1, 0.02), job(0.2, 0.08)))).toBe(0)
    expect(c.predict(job(0.1, 0.02))).toBeNaN()
  })

  test('predicts the mean over parameters of the mean time per value; an unseen value counts as the mean of all runs', () => {
    const c = new RunCosts()
    c.record(job(0.1, 0.02), 50)
    c.record(job(0.1, 0.08), 10)
    c.record(job(0.2, 0.02), 60)
    expect(c.predict(job(0.2, 0.08))).toBeCloseTo((60 + 10) / 2, 12)
    expect(c.predict(job(0.1, 0.02))).toBeCloseTo((30 + 55) / 2, 12)
    expect(c.predict(job(0.3, 0.05))).toBeCloseTo(40, 12) // both values unseen: the mean of all three runs
    c.record(job(0.3, 0.05), NaN) // a run with no time says nothing
    expect(c.predict(job(0.3, 0.05))).toBeCloseTo(40, 12)
  })

  test('picks the longest predicted, the first of equals, among the first PICK_WINDOW queued', () => {
    const c = new RunCosts()
    c.record(job(0.1, 0.02), 50)
    c.record(job(0.1, 0.08), 10)
    expect(c.pick(q(job(0.2, 0.08), job(0.3, 0.02), job(0.4, 0.02)))).toBe(1)
    const far = [...Array(PICK_WINDOW).fill(job(0.2, 0.08)), job(0.2, 0.02)]
    expect(c.pick(q(...far))).toBe(0) // the long one sits past the window
  })
})
