import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { QueueEvents } from 'bullmq'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { smallConfig } from '../../backtest/sweep/support/smallConfig.ts'
import { startRedis, type RedisServer } from '../../support/redis.ts'

const BIN = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const { file, dir } = smallConfig()
const QUEUE = `test-${process.pid}-${Date.now()}`
let redis: RedisServer
const workers: ChildProcess[] = []

beforeAll(async () => { redis = await startRedis() })
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL')
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** An `optvault worker` process; its stdout lines are collected, and `waitFor` resolves on the first line matching. */
function startWorker(): { proc: ChildProcess; lines: string[]; waitFor: (re: RegExp) => Promise<string> } {
  const proc = spawn(process.execPath, [BIN, 'worker', '--queue', redis.url, '--queue-name', QUEUE, '--lock-ms', '1500'], { stdio: ['ignore', 'pipe', 'pipe'] })
  workers.push(proc)
  const lines: string[] = []
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = []
  let buf = ''
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString()
    let i: number
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      lines.push(line)
      for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line) }
    }
  })
  const waitFor = (re: RegExp) => {
    const hit = lines.find((l) => re.test(l))
    return hit !== undefined ? Promise.resolve(hit) : new Promise<string>((resolve) => waiters.push({ re, resolve }))
  }
  return { proc, lines, waitFor }
}

const sweep = async (out: string) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'sweep', file, '--grid', 'strategy.params.targetDelta=0.1,0.2,0.3', '--grid', 'hedge.band=0.02,0.08',
    '--queue', redis.url, '--queue-name', QUEUE, '--top', '1', '--out', out], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const rowsOf = (out: string) => parse(readFileSync(join(out, 'sweep.csv'), 'utf8'), { columns: true }) as Record<string, string>[]

describe('optvault sweep --queue with optvault worker processes on a real redis-server', () => {
  test('two workers, one SIGKILLed mid-job: its job goes to the other, every job completes exactly once', async () => {
    const completed = new Map<string, number>()
    const events = new QueueEvents(QUEUE, { connection: { host: '127.0.0.1', port: redis.port } })
    events.on('completed', ({ jobId }) => completed.set(jobId, (completed.get(jobId) ?? 0) + 1))
    await events.waitUntilReady()
    try {
      const a = startWorker()
      const b = startWorker()
      await Promise.all([a.waitFor(/^worker \d+ ready/), b.waitFor(/^worker \d+ ready/)])
      const out = join(dir, 'queued')
      const running = sweep(out)
      // A is mid-job as soon as it says so: the run itself takes far longer than a pipe write
      const started = await a.waitFor(/^started /)
      const killedJob = (/^started (\S+)/.exec(started) as RegExpExecArray)[1] as string
      a.proc.kill('SIGKILL')
      const r = await running
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      expect(r.out).toContain('6 runs (0 resumed from sweep.csv, 0 failed)')
      const rows = rowsOf(out)
      expect(rows).toHaveLength(6)
      expect(rows.every((x) => x.error === '' && Number.isFinite(Number(x.sharpe)))).toBe(true)
      expect(readdirSync(join(out, 'best'))).toHaveLength(1)
      // the killed worker never finished its job; the survivor took it after the lock expired
      expect(a.lines.some((l) => l.startsWith(`done ${killedJob}`))).toBe(false)
      expect(b.lines.some((l) => l.startsWith(`done ${killedJob}`))).toBe(true)
      // BullMQ counts the dead worker's start: the survivor's is the second
      expect(b.lines).toContain(`started ${killedJob} attempt 2`)
      // 6 runs + the best run's full outputs: each job completed once, none twice
      await new Promise((res) => setTimeout(res, 300)) // let the last completion events arrive
      expect(completed.size).toBe(7)
      expect([...completed.values()].every((n) => n === 1)).toBe(true)
      for (const row of rows) expect(completed.get(row.hash as string)).toBe(1)
      expect(completed.get(killedJob)).toBe(1)

      // Idempotent jobs: the same sweep into another folder with no worker left gets every result from Redis
      b.proc.kill('SIGTERM')
      await new Promise((res) => b.proc.once('exit', res))
      const again = await sweep(join(dir, 'again'))
      expect(again.code).toBe(0)
      expect(rowsOf(join(dir, 'again'))).toEqual(rows)
      expect([...completed.values()].every((n) => n === 1)).toBe(true)
    } finally {
      await events.close()
    }
  }, 120_000)
})
