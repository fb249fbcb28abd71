/** Small helpers shared by the `*.bench.ts` scripts that `npm run bench` runs. Machines are noisy: report
 * medians over several runs, and ratios against a baseline measured in the same process. */
import { performance } from 'node:perf_hooks'

/** Runs `fn` `runs` times after `warmup` unmeasured runs and returns the median wall time in ms. */
export function medianMs(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] as number
}

/** Items per second from a count and a median time in ms, formatted like "12.3M/s". */
export function perSecond(count: number, ms: number): string {
  const r = (count / ms) * 1000
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)}M/s`
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k/s`
  return `${r.toFixed(1)}/s`
}

/** Prints one result line: name, figure, target and whether it is met, in a fixed format that is easy to grep. */
export function report(name: string, figure: string, target?: { ok: boolean; text: string }): void {
  const verdict = target === undefined ? '' : `  target ${target.text}: ${target.ok ? 'met' : 'NOT MET'}`
  console.log(`${name.padEnd(56)} ${figure}${verdict}`)
}
