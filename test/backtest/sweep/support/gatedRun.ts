/** pricingRun for a pool whose threads are slow to start, as slow as the test wants: in a pool thread the module
 * finishes loading only once the test opens the gate (a BroadcastChannel), so until then the thread
 * is "still importing the backtester". In any other thread it loads at once. */
import { isWorkerThread } from 'piscina'
import type { SharedData } from '../../../../backtest/sweep/sharedData.ts'
import type { RunResult, SweepJob } from '../../../../backtest/sweep/sweepJob.ts'
import { runOne as pricingRun } from './pricingRun.ts'

export const GATE = 'optvault-test-gate'

/** The test's side of the gate. Once opened it stays open: a thread that reaches the gate later (its tsx start
 * was slower than the test) asks with 'waiting' and is answered 'open'. close() stops answering. */
export function gate(): { open(): void; close(): void } {
  const ch = new BroadcastChannel(GATE)
  let isOpen = false
  ch.onmessage = (e) => { if (isOpen && (e as MessageEvent).data === 'waiting') ch.postMessage('open') }
  return {
    open() { isOpen = true; ch.postMessage('open') },
    close() { ch.close() },
  }
}

if (isWorkerThread) {
  await new Promise<void>((resolve) => {
    const ch = new BroadcastChannel(GATE)
    ch.onmessage = (e) => { if ((e as MessageEvent).data === 'open') { ch.close(); resolve() } }
    ch.postMessage('waiting')
  })
}

export function runOne(job: SweepJob, data: SharedData): Promise<RunResult> {
  return pricingRun(job, data)
}
