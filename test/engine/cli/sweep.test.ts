import { afterAll, describe, expect, test } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { smallConfig } from '../../backtest/sweep/support/smallConfig.ts'

const BIN = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const { file, dir } = smallConfig()
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'sweep', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const rowsOf = (out: string) => parse(readFileSync(join(out, 'sweep.csv'), 'utf8'), { columns: true }) as Record<string, string>[]

describe('optvault sweep: bad input exits 2 naming the flag', () => {
  test('an unknown config path offers the key it resembles', async () => {
    const r = await run(file, '--grid', 'strategy.params.targetDleta=0.1,0.2', '--out', join(dir, 'x'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('--grid names strategy.params.targetDleta, which is not a key of')
    expect(r.err).toContain('Where: --grid strategy.params.targetDleta')
    expect(r.err).toContain('did you mean strategy.params.targetDelta?')
    expect(existsSync(join(dir, 'x'))).toBe(false)
  })

  test.each([
    [['--grid', 'hedge.band=0.1:0.05:0.01'], '--grid has stop 0.05 below start 0.1'],
    [[], '--grid is missing'],
    [['--grid', 'hedge.band=0.1', '--random', '0'], '--random must be a positive integer'],
    [['--grid', 'hedge.band=0.1', '--seed', '3'], '--seed only applies with --random'],
    [['--grid', 'hedge.band=0.1', '--walk-forward', 'train=90d'], '--walk-forward must give both train= and test='],
    [['--grid', 'hedge.band=0.1', '--queue', 'http://127.0.0.1:1'], '--queue uses http:, not redis:'],
    [['--grid', 'hedge.band=0.1', '--queue', 'redis://127.0.0.1:1', '--workers', '2'], '--workers sizes the local pool, which --queue does not use'],
  ])('%j', async (args, message) => {
    const r = await run(file, ...args)
    expect(r.code).toBe(2)
    expect(r.err).toContain(message)
  })
})

describe('optvault sweep runs', () => {
  test('a grid of 4 writes sweep.csv, sweep.html and the best run; a rerun resumes all 4', async () => {
    const out = join(dir, 'grid')
    const args = [file, '--grid', 'strategy.params.targetDelta=0.1,0.3', '--grid', 'hedge.band=0.02:0.06:0.04', '--workers', '2', '--top', '1', '--out', out]
    const r = await run(...args)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('4 runs (0 resumed from sweep.csv, 0 failed)')
    const best = /best sharpe ([-0-9.e]+): strategy\.params\.targetDelta=0\.[13] hedge\.band=0\.0[26]/.exec(r.out)
    expect(best).not.toBeNull()
    const rows = rowsOf(out)
    // the line rounds to 4 significant digits; sweep.csv keeps them all
    const top = Math.max(...rows.map((x) => Number(x.sharpe)))
    expect(best![1]).toBe(String(Number(top.toPrecision(4))))
    expect(rows.map((x) => x['hedge.band'])).toEqual(['0.02', '0.06', '0.02', '0.06'])
    expect(readdirSync(join(out, 'best'))).toHaveLength(1)
    expect(existsSync(join(out, 'sweep.html'))).toBe(true)
    const again = await run(...args)
    expect(again.code).toBe(0)
    expect(again.out).toContain('4 runs (4 resumed from sweep.csv, 0 failed)')
    expect(rowsOf(out)).toEqual(rows)
  })

  test('--random 3 --seed 7 runs 3 of the 9 combinations, the same 3 each time', async () => {
    const a = join(dir, 'rand-a')
    const b = join(dir, 'rand-b')
    const args = ['--grid', 'strategy.params.targetDelta=0.1,0.2,0.3', '--grid', 'hedge.band=0.02,0.05,0.08', '--random', '3', '--seed', '7', '--top', '0', '--workers', '2']
    expect((await run(file, ...args, '--out', a)).code).toBe(0)
    expect((await run(file, ...args, '--out', b)).code).toBe(0)
    expect(rowsOf(a)).toHaveLength(3)
    expect(rowsOf(a)).toEqual(rowsOf(b))
  })

  test('SIGINT stops a sweep process cleanly, keeps the finished runs, and the rerun resumes them', async () => {
    // 100 runs on one worker: the sweep is still running when the signal comes, even on a fast machine (with 20 it
    // could finish first, and a SIGINT landing after its handler was removed killed the process outright)
    const out = join(dir, 'sigint')
    const args = [BIN, 'sweep', file, '--grid', 'strategy.params.targetDelta=0.1,0.12,0.14,0.16,0.18,0.2,0.22,0.24,0.26,0.28', '--grid', 'hedge.band=0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1,0.11', '--workers', '1', '--top', '0', '--out', out]
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const csv = join(out, 'sweep.csv')
    const t0 = Date.now()
    while (Date.now() - t0 < 60_000 && !(existsSync(csv) && rowsOf(out).length >= 2)) await new Promise((r) => setTimeout(r, 50))
    child.kill('SIGINT')
    const code = await exited
    expect(code).toBe(1)
    expect(err).toContain('stopping: finished runs stay in sweep.csv')
    expect(err).toContain('Sweep interrupted')
    const kept = rowsOf(out)
    expect(kept.length).toBeGreaterThanOrEqual(2)
    expect(kept.length).toBeLessThan(100)
    expect(kept.every((r) => r.error === '' && r.sharpe !== '')).toBe(true)
    const r = await run(file, '--grid', 'strategy.params.targetDelta=0.1,0.12,0.14,0.16,0.18,0.2,0.22,0.24,0.26,0.28', '--grid', 'hedge.band=0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1,0.11', '--workers', '2', '--top', '0', '--out', out)
    expect(r.code).toBe(0)
    expect(r.out).toContain(`100 runs (${kept.length} resumed from sweep.csv, 0 failed)`)
    const all = rowsOf(out)
    expect(new Set(all.map((x) => x.hash)).size).toBe(100)
    for (const k of kept) expect(all.find((x) => x.hash === k.hash)).toEqual(k)
  }, 120_000)
})
