import { afterAll, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const example = fileURLToPath(new URL('../../../config/examples/portfolio.yaml', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'optvault-margin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'margin', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}

const write = (name: string, text: string): string => { const f = join(dir, name); writeFileSync(f, text); return f }

// 1 BTC against long 25 BTC of the perpetual at the index: Deribit's worked example (knowledge base "Linear
// Perpetual", BTC standard margin) gives IM 2.125% = 0.53125 BTC and MM 1.125% = 0.28125 BTC for 25 BTC.
const PERP_ONLY = `account: perp-desk
collateral:
  - asset: BTC
    amount: 1
positions:
  - instrument: BTC-PERPETUAL
    size: 25
    entry: 50000
market:
  time: 2024-06-01T08:00:00Z
  index: 50000
`

describe('optvault margin', () => {
  test('prints equity, IM, MM and health as JSON; numbers match Deribit\'s worked example', async () => {
    const r = await run(write('perp.yaml', PERP_ONLY), '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j).toMatchObject({ account: 'perp-desk', currency: 'BTC', model: 'deribit-standard', indexUsd: 50000 })
    expect(j.equity).toBeCloseTo(1, 12)
    expect(j.initialMargin).toBeCloseTo(0.53125, 12)
    expect(j.maintenanceMargin).toBeCloseTo(0.28125, 12)
    expect(j.health).toBeCloseTo(1 / 0.28125, 12)
    expect(j.positions).toEqual([{ instrument: 'BTC-PERPETUAL', size: 25, entry: 50000, mark: 50000, pnl: 0, im: expect.closeTo(0.53125, 12), mm: expect.closeTo(0.28125, 12) }])
  })

  test('the shipped example runs in text form, with every position listed', async () => {
    const r = await run(example)
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    for (const s of ['equity', 'initial margin', 'maintenance margin', 'health', 'BTC-28JUN24-70000-C', 'BTC-28JUN24-60000-P', 'BTC-PERPETUAL', 'BTC-27SEP24']) {
      expect(r.out).toContain(s)
    }
  })

  test('--scenarios: spot -50%..+50% by 10%, vol -50%..+100%; a long perpetual P&L in closed form', async () => {
    const r = await run(write('perp2.yaml', PERP_ONLY), '--json', '--scenarios')
    const s = JSON.parse(r.out).scenarios
    expect(s.spotMoves.map((x: number) => Math.round(x * 100))).toEqual([-50, -40, -30, -20, -10, 0, 10, 20, 30, 40, 50])
    expect(s.volShifts).toEqual([-0.5, 0, 0.5, 1])
    // inverse long of 25 BTC: P&L = 25 * (1 - 1 / (1 + m)); -50% loses 25 BTC
    expect(s.pnl[1][0]).toBeCloseTo(-25, 9)
    expect(s.pnl[1][10]).toBeCloseTo(25 * (1 - 1 / 1.5), 9)
    expect(s.pnl[1][5]).toBeCloseTo(0, 12)
    expect(s.health[1][5]).toBeCloseTo(1 / 0.28125, 9)
    expect(s.health[1][0]).toBeLessThan(0) // equity 1 - 25 < 0
    const text = await run(example, '--scenarios')
    expect(text.out).toContain('Scenario P&L (BTC)')
    expect(text.out).toContain('Scenario health')
    expect(text.out).toContain('+100%')
  })

  test('--model portfolio nets a perpetual against a future', async () => {
    const hedged = PERP_ONLY.replace('market:', `  - instrument: BTC-27SEP24
    size: -25
    entry: 50000
market:`)
    const f = write('hedged.yaml', hedged)
    const std = JSON.parse((await run(f, '--json')).out)
    const pm = JSON.parse((await run(f, '--json', '--model', 'portfolio')).out)
    expect(pm.model).toBe('portfolio')
    expect(pm.maintenanceMargin).toBe(0)
    expect(pm.health).toBeNull() // no maintenance margin: JSON has no Infinity
    expect(std.maintenanceMargin).toBeCloseTo(2 * 0.28125, 12)
  })

  test('volBuffer scales margin by forecast / reference vol (here 0.9 / 0.6 = 1.5)', async () => {
    const r = await run(write('buffer.yaml', PERP_ONLY + 'volBuffer:\n  forecastVol: 0.9\n  referenceVol: 0.6\n'), '--json')
    const j = JSON.parse(r.out)
    expect(j.model).toBe('deribit-standard+vol-buffer(1.500)')
    expect(j.maintenanceMargin).toBeCloseTo(1.5 * 0.28125, 12)
    expect(j.initialMargin).toBeCloseTo(1.5 * 0.53125, 12)
    const bad = await run(write('buffer-bad.yaml', PERP_ONLY + 'volBuffer: 2\n'), '--json')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('volBuffer must be a mapping')
  })

  test('portfolioMargin: settings widen the risk matrix: a ±30% range needs more margin than ±16%', async () => {
    const base = JSON.parse((await run(write('pm16.yaml', PERP_ONLY), '--json', '--model', 'portfolio')).out)
    expect(base.maintenanceMargin).toBeCloseTo(25 * (1 / 0.84 - 1), 9) // long 25 BTC inverse, worst case -16%
    const wide = JSON.parse((await run(write('pm30.yaml', PERP_ONLY + 'portfolioMargin:\n  spotRange: 0.3\n  imOverMm: 1.5\n'), '--json', '--model', 'portfolio')).out)
    expect(wide.maintenanceMargin).toBeCloseTo(25 * (1 / 0.7 - 1), 9)
    expect(wide.initialMargin).toBeCloseTo(1.5 * wide.maintenanceMargin, 9)
    const bad = await run(write('pm-bad.yaml', PERP_ONLY + 'portfolioMargin:\n  imOverMm: 0.5\n'), '--json')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('portfolioMargin.imOverMm must be at least 1')
  })

  const bad: [string, string, string, string][] = [
    ['a non-number size', PERP_ONLY.replace('size: 25', 'size: lots'), ':7:11', 'positions[0].size must be a number'],
    ['an unknown instrument', PERP_ONLY.replace('BTC-PERPETUAL', 'BTC-FOREVER'), ':6:17', 'positions[0].instrument'],
    ['a negative index', PERP_ONLY.replace('index: 50000', 'index: -1'), ':11:10', 'market.index must be greater than 0'],
    ['a missing market time', PERP_ONLY.replace('  time: 2024-06-01T08:00:00Z\n', ''), ':9:1', 'market.time is missing'],
    ['a local time', PERP_ONLY.replace('08:00:00Z', '08:00:00'), ':10:9', 'market.time must be an ISO 8601 UTC time'],
    ['an option with no mark or vol', PERP_ONLY.replace('BTC-PERPETUAL', 'BTC-28JUN24-60000-C'), ':6:17', 'has no mark and no vol'],
    ['an expired option', PERP_ONLY.replace('BTC-PERPETUAL', 'BTC-31MAY24-60000-C'), ':6:17', 'expired'],
    ['collateral without a price', PERP_ONLY.replace('asset: BTC', 'asset: ETH'), ':3:12', 'ETH has no USD price'],
    ['a haircut of 100%', PERP_ONLY.replace('amount: 1', 'amount: 1\n    haircut: 1'), ':5:14', 'collateral[0].haircut'],
    ['an ETH option in a BTC account', PERP_ONLY.replace('BTC-PERPETUAL', 'ETH-PERPETUAL'), ':6:17', 'is on ETH'],
    ['broken YAML', PERP_ONLY.replace('  - asset: BTC', '  - asset: [BTC'), ':', 'is not valid YAML'],
    ['positions not a list', PERP_ONLY.replace(/positions:[\s\S]*market:/, 'positions: 3\nmarket:'), ':5:12', 'positions must be a list'],
  ]
  test.each(bad)('%s is bad input: exit 2 naming file:line:col and field, nothing on stdout', async (name, text, pos, message) => {
    const f = write(`${name.replace(/\W+/g, '-')}.yaml`, text)
    const r = await run(f, '--json')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(message)
    expect(r.err).toContain(`${f}${pos}`)
  })

  test('the bin runs it as a real process: exit 0 with a table, exit 2 with a located error', () => {
    const ok = spawnSync(process.execPath, [bin, 'margin', example], { encoding: 'utf8' })
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('maintenance margin')
    const badFile = write('bin-bad.yaml', PERP_ONLY.replace('size: 25', 'size: 0'))
    const bad = spawnSync(process.execPath, [bin, 'margin', badFile], { encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain(`${badFile}:7:11`)
    expect(bad.stderr).toContain('positions[0].size must not be 0')
    expect(bad.stdout).toBe('')
  })

  test('a missing file and an unknown --model are bad input too', async () => {
    const missing = await run(join(dir, 'nope.yaml'))
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('cannot be read (ENOENT)')
    const model = await run(example, '--model', 'magic')
    expect(model.code).toBe(2)
    expect(model.err).toContain('must be standard or portfolio')
  })
})
