import { afterAll, describe, expect, test } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

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

  test.each([
    ['shock out of range', CONFIG.replace('shock: -0.04', 'shock: -4'), ':2:8', 'shock must be a fraction between -1 and 1'],
    ['a fee tier that does not exist', CONFIG.replace('feeBps: 30', 'feeBps: 25'), ':7:11', 'pool.feeBps must be 5, 30 or 100'],
    ['an empty range', CONFIG.replace('upperUsd: 70000', 'upperUsd: 40000'), ':9:36', 'pool.ranges[0].upperUsd must be above lowerUsd'],
    ['leverage not a pair', CONFIG.replace('leverage: [3, 40]', 'leverage: 10'), ':13:13', 'population.leverage must be a pair'],
    ['a fractional count', CONFIG.replace('count: 200', 'count: 2.5'), ':12:10', 'population.count must be a whole number'],
  ])('%s is bad input: exit 2 at file:line:col, nothing written', async (name, text, pos, message) => {
    const f = write(`${name.replace(/\W+/g, '-')}.yaml`, text)
    const out = join(dir, `${name.replace(/\W+/g, '-')}.json`)
    const r = await run(f, '--out', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${f}${pos}`)
    expect(r.err).toContain(message)
    expect(r.out).toBe('')
    expect(existsSync(out)).toBe(false)
  })
})
