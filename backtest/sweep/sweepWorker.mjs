// Entry of a sweep pool thread. Plain JavaScript because a fresh worker thread cannot load TypeScript until tsx
// is registered in it; then it imports the RunOne module the pool names (runSweepJob.ts unless a test swaps it).
import { threadId } from 'node:worker_threads'
import { register } from 'tsx/esm/api'
import { workerData } from 'piscina'

register()
const mod = await import(workerData.runModule)
const runOne = mod[workerData.runExport ?? 'runOne']
if (typeof runOne !== 'function') throw new Error(`${workerData.runModule} exports no function ${workerData.runExport}`)

export default async function run(task) {
  // this thread reads its task port only once the import above has finished, so the answer means "loaded"
  if (task.warm === true) return { warm: true, thread: threadId }
  return { ...(await runOne(task.job, task.data)), thread: threadId }
}
