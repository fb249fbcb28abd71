import type { SweepJob } from './sweepJob.ts'

/** How many queued runs `pick` looks at: enough to reorder a small sweep whole and a large one's end, while a pick
 * stays cheap for a queue of thousands. */
export const PICK_WINDOW = 64

/** Run times seen so far by parameter value, so an executor starts the longest-looking queued run first. A sweep
 * whose long runs come last ends with threads idle while the last long run finishes: in a 16-run sweep of 30-40 ms
 * runs on 2 threads that wait was 5-30 ms. A run is predicted as the mean, over its parameters, of the mean time of
 * finished runs with the same value; a value not seen yet counts as the mean of all runs. Before any run finished,
 * and among equal predictions, the queue's order stands.
 * @example const costs = new RunCosts(); costs.record(job, 35); const next = queue.splice(costs.pick(queue), 1)[0] */
export class RunCosts {
  private readonly byValue = new Map<string, { sum: number; n: number }>()
  private sum = 0
  private n = 0

  /** A finished run's wall time in ms. */
  record(job: SweepJob, ms: number): void {
    if (!(ms >= 0) || ms === Infinity) return
    this.sum += ms
    this.n++
    for (const key of valueKeys(job)) {
      const s = this.byValue.get(key)
      if (s === undefined) this.byValue.set(key, { sum: ms, n: 1 })
      else { s.sum += ms; s.n++ }
    }
  }

  /** Predicted wall time of `job` in ms; NaN before any run finished. */
  predict(job: SweepJob): number {
    if (this.n === 0) return NaN
    const mean = this.sum / this.n
    const keys = valueKeys(job)
    if (keys.length === 0) return mean
    let total = 0
    for (const key of keys) {
      const s = this.byValue.get(key)
      total += s === undefined ? mean : s.sum / s.n
    }
    return total / keys.length
  }

  /** Index in `queue` of the run to start next: the longest predicted among the first PICK_WINDOW. */
  pick(queue: readonly { readonly job: SweepJob }[]): number {
    if (this.n === 0) return 0
    let best = 0
    let bestMs = -Infinity
    const end = Math.min(queue.length, PICK_WINDOW)
    for (let i = 0; i < end; i++) {
      const ms = this.predict((queue[i] as { job: SweepJob }).job)
      if (ms > bestMs) { best = i; bestMs = ms }
    }
    return best
  }
}

function valueKeys(job: SweepJob): string[] {
  return Object.entries(job.params).map(([path, v]) => `${path}\u0000${String(v)}`)
}
