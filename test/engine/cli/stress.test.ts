import { afterAll, describe, expect, test } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { CASCADE_EXAMPLE } from '../../../engine/cli/commands/stress.ts'

const example = fileURLToPath(new URL('../../../config/examples/cascade.yaml', import.meta.url))

const dir = mkdtempSync(join(tmpdir(), 'optvault-stress-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'stress', 'cascade', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const write = (name: string, text: string): string => { const f = join(dir, name); writeFileSync(f, text); return f }

const CONFIG = `seed: 42
shock: -0.04
insuranceFundBtc: 2
maxRounds: 100
pool:
  price: 60000
  feeBps: 30
  ranges:
    - { lowerUsd: 50000, upperUsd: 70000, btc: 300, usdc: 18000000 }
    - { lowerUsd: 30000, upperUsd: 100000, btc: 300, usdc: 18000000 }
population:
  count: 200
  leverage: [3, 40]
  collateralBtc: [0.01, 0.2]
  entryJitter: [0.97, 1.03]
`

describe('optvault stress cascade', () => {
  test('prints rounds, liquidated notional, fund drawdown and final price; --json agrees; the seed replays', async () => {
    const f = write('cascade.yaml', CONFIG)
    const text = await run(f)
    expect(text.code).toBe(0)
    expect(text.out).toContain('settled')
    expect(text.out).toContain('liquidated notional')
    expect(text.out).toContain('insurance fund')
    const j = JSON.parse((await run(f, '--json')).out)
    expect(j.settled).toBe(true)
    expect(j.rounds.length).toBeGreaterThan(1)
    expect(j.finalPriceUsd).toBeLessThan(j.shockedPriceUsd)
    expect(j.shockedPriceUsd).toBeCloseTo(60000 * 0.96, 0)
    const sum = j.rounds.reduce((s: number, r: { liquidatedNotionalUsd: number }) => s + r.liquidatedNotionalUsd, 0)
    expect(j.totalLiquidatedNotionalUsd).toBeCloseTo(sum, 4)
    expect(j.insuranceFundDrawdownBtc).toBeCloseTo(2 - Math.min(2, ...j.rounds.map((r: { insuranceFundBtc: number }) => r.insuranceFundBtc)), 9)
    expect(JSON.parse((await run(f, '--json')).out)).toEqual(j)
    const other = JSON.parse((await run(write('seed7.yaml', CONFIG.replace('seed: 42', 'seed: 7')), '--json')).out)
    expect(other.totalLiquidatedNotionalUsd).not.toBe(j.totalLiquidatedNotionalUsd)
  })

  test('--out writes the rounds as CSV or the whole result as JSON', async () => {
    const f = write('cascade-out.yaml', CONFIG)
    const csv = join(dir, 'out', 'rounds.csv')
    expect((await run(f, '--out', csv)).code).toBe(0)
    const lines = readFileSync(csv, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('round,priceStartUsd,priceEndUsd,accountsLiquidated,bankruptcies,liquidatedNotionalUsd,netBtcTraded,unfilledBtc,'
      + 'penaltiesBtc,slippageBtc,coveredByFundBtc,socialisedBtc,uncoveredBtc,insuranceFundBtc')
    const json = join(dir, 'out', 'result.json')
    await run(f, '--out', json)
    expect(JSON.parse(readFileSync(json, 'utf8')).rounds).toHaveLength(lines.length - 1)
  })

  test('config/examples/cascade.yaml is the --help example and runs: liquidations sell the price down, then settle', async () => {
    const file = readFileSync(example, 'utf8')
    expect(file.replace(/^#.*\n/gm, '').trim()).toBe(CASCADE_EXAMPLE.trim())
    const io = bufferIo()
    await main(['node', 'optvault', 'stress', 'cascade', '--help'], io)
    expect(io.stdout()).toContain('config/examples/cascade.yaml')
    expect(io.stdout()).toContain('  population:               # BTC-margined BTC-PERPETUAL accounts, drawn with the seed')
    const r = await run(example, '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j).toMatchObject({ seed: 42, accounts: 200, settled: true, poolExhausted: false, insuranceFundStartBtc: 2 })
    expect(j.rounds.length).toBeGreaterThan(1)
    expect(j.finalPriceUsd).toBeLessThan(j.shockedPriceUsd)
    // every later round starts where the previous one's sales left the pool
    for (let i = 1; i < j.rounds.length; i++) expect(j.rounds[i].priceStartUsd).toBeCloseTo(j.rounds[i - 1].priceEndUsd, 6)
  })

  test('--html writes one self-contained report next to --out; same input, same bytes', async () => {
    const html = join(dir, 'report', 'cascade.html')
    const csv = join(dir, 'report', 'cascade.csv')
    const r = await run(example, '--html', html, '--out', csv)
    expect(r.code).toBe(0)
    const page = readFileSync(html, 'utf8')
    expect(page.startsWith('<!doctype html>')).toBe(true)
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/) // uPlot and styles inlined: opens offline
    expect(page).toContain('id="chart-liquidated"')
    expect(page).toContain('id="chart-price"')
    expect(page).toContain('id="chart-fund"')
    const rows = readFileSync(csv, 'utf8').trim().split('\n').length - 1
    expect(page.match(/<tr><td>\d+<\/td>/g)).toHaveLength(rows) // one table row per round
    // same input, same bytes
    const again = join(dir, 'report', 'again.html')
    await run(example, '--html', again)
    expect(readFileSync(again, 'utf8')).toBe(page)
  })

  test.each([
    ['shock out of range', CONFIG.replace('shock: -0.04', 'shock: -4'), ':2:8', 'shock must be a fraction between -1 and 1'],
    ['a fee tier that does not exist', CONFIG.replace('feeBps: 30', 'feeBps: 25'), ':7:11', 'pool.feeBps must be 5, 30 or 100'],
    ['an empty range', CONFIG.replace('upperUsd: 70000', 'upperUsd: 40000'), ':9:36', 'pool.ranges[0].upperUsd must be above lowerUsd'],
    ['leverage not a pair', CONFIG.replace('leverage: [3, 40]', 'leverage: 10'), ':13:13', 'population.leverage must be a pair'],
    ['a fractional count', CONFIG.replace('count: 200', 'count: 2.5'), ':12:10', 'population.count must be a whole number'],
  ])('%s is bad input: exit 2 at file:line:col, nothing written', async (name, text, pos, message) => {
    const f = write(`${name.replace(/\W+/g, '-')}.yaml`, text)
    const out = join(dir, `${name.replace(/\W+/g, '-')}.json`)
    const html = join(dir, `${name.replace(/\W+/g, '-')}.html`)
    const r = await run(f, '--out', out, '--html', html)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${f}${pos}`)
    expect(r.err).toContain(message)
    expect(r.out).toBe('')
    expect(existsSync(out)).toBe(false)
    expect(existsSync(html)).toBe(false)
  })
})
