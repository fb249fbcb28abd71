import { afterAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { ewmaForecast } from '../../../engine/domain/forecast/ewma.ts'
import { fitGarch11, garch11TermVol } from '../../../engine/domain/forecast/garch11.ts'

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

// Sub-accounts, funding and the forecast vol buffer, as the portfolio file exposes them (subAccounts.ts, applyFunding.ts,
// volBuffer.ts with forecast/ewma.ts and forecast/garch11.ts).
describe('optvault margin: sub-accounts, funding, forecast vol buffer', () => {
  const SUBS = `${PERP_ONLY.replace('amount: 1', 'amount: 5').replace('size: 25', 'size: 10')}subAccounts:
  - id: cross-1
    mode: cross
    collateral: [{ asset: BTC, amount: 0.2 }]
    positions: [{ instrument: BTC-PERPETUAL, size: -30, entry: 50000 }]
  - id: iso-1
    mode: isolated
    collateral: [{ asset: BTC, amount: 0.5 }]
    positions: [{ instrument: BTC-PERPETUAL, size: -20, entry: 50000 }]
`
  // Deribit standard perpetual MM per position of P BTC: P * (1% + P * 0.005%) (knowledge base "Linear Perpetual")
  const mm = (p: number) => p * (0.01 + p * 0.00005)

  test('subAccounts: the cross sub pools with the parent, the isolated one stands alone; health per pool', async () => {
    const j = JSON.parse((await run(write('subs.yaml', SUBS), '--json')).out)
    expect(j.equity).toBeCloseTo(5, 12) // the summary is the parent alone
    expect(j.pools.map((x: { id: string; mode: string; members: string[] }) => [x.id, x.mode, x.members]))
      .toEqual([['perp-desk', 'cross', ['perp-desk', 'cross-1']], ['iso-1', 'isolated', ['iso-1']]])
    expect(j.pools[0].equity).toBeCloseTo(5.2, 12)
    expect(j.pools[0].maintenanceMargin).toBeCloseTo(mm(10) + mm(30), 12)
    expect(j.pools[0].health).toBeCloseTo(5.2 / (mm(10) + mm(30)), 12)
    expect(j.pools[1].health).toBeCloseTo(0.5 / mm(20), 12)
    const text = (await run(write('subs-text.yaml', SUBS))).out
    expect(text).toContain('Margin pools')
    expect(text).toMatch(/perp-desk\s+cross\s+perp-desk \+ cross-1/)
    expect(text).toMatch(/iso-1\s+isolated\s+iso-1/)
  })

  test.each([
    ['a sub-account id used twice', SUBS.replace('id: iso-1', 'id: cross-1'), ':17:9', 'subAccounts[1].id "cross-1" is already the id'],
    ['an unknown mode', SUBS.replace('mode: isolated', 'mode: shared'), ':18:11', 'subAccounts[1].mode must be cross or isolated'],
    ['a bad sub-account position', SUBS.replace('size: -20', 'size: many'), ':20:52', 'subAccounts[1].positions[0].size must be a number'],
  ])('%s is bad input at file:line:col', async (name, text, pos, message) => {
    const f = write(`${name.replace(/\W+/g, '-')}.yaml`, text)
    const r = await run(f, '--json')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${f}${pos}`)
    expect(r.err).toContain(message)
    expect(r.out).toBe('')
  })

  test('transfers: coin moves before the figures; out of a pool only what leaves it at or above initial margin', async () => {
    const moved = JSON.parse((await run(write('transfer.yaml', `${SUBS}transfers:\n  - { from: perp-desk, to: iso-1, amount: 1 }\n`), '--json')).out)
    expect(moved.transfers).toEqual([{ from: 'perp-desk', to: 'iso-1', amountCoin: 1 }])
    expect(moved.equity).toBeCloseTo(4, 12)
    expect(moved.pools[0].equity).toBeCloseTo(4.2, 12)
    expect(moved.pools[1].health).toBeCloseTo(1.5 / mm(20), 12)
    // iso-1 holds 0.5 BTC against IM 20 * (2% + 20 * 0.005%) = 0.42: it can send 0.08 and no more
    const free = 0.5 - 20 * (0.02 + 20 * 0.00005)
    const ok = JSON.parse((await run(write('transfer-ok.yaml', `${SUBS}transfers:\n  - { from: iso-1, to: perp-desk, amount: ${free - 1e-9} }\n`), '--json')).out)
    expect(ok.pools[1].equity).toBeCloseTo(0.5 - free, 8)
    const f = write('transfer-too-much.yaml', `${SUBS}transfers:\n  - { from: iso-1, to: perp-desk, amount: ${free + 1e-6} }\n`)
    const bad = await run(f, '--json')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain(`${f}:22:43`)
    expect(bad.err).toContain(`transfers[0].amount is more than iso-1 can send: at most ${Number(free.toPrecision(6))} BTC`)
    expect(bad.out).toBe('')
    const g = write('transfer-unknown.yaml', `${SUBS}transfers:\n  - { from: iso-1, to: nobody, amount: 0.01 }\n`)
    const unknown = await run(g, '--json')
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain(`${g}:22:24`)
    expect(unknown.err).toContain('transfers[0].to "nobody" is not an account of this file')
  })

  test('fundingRate: longs pay shorts rate * notional per interval, on the parent and every sub-account', async () => {
    const f = write('funding.yaml', `${SUBS}fundingRate:\n  BTC-PERPETUAL: 0.0001\nfundingIntervals: 3\n`)
    const j = JSON.parse((await run(f, '--json')).out)
    // notional at a 50000 mark of positions opened at 50000: the size itself; 3 intervals of 0.01%
    expect(j.funding.intervals).toBe(3)
    expect(j.funding.payments).toEqual([
      { account: 'perp-desk', instrument: 'BTC-PERPETUAL', ratePerInterval: 0.0001, amountCoin: expect.closeTo(-10 * 0.0003, 15) },
      { account: 'cross-1', instrument: 'BTC-PERPETUAL', ratePerInterval: 0.0001, amountCoin: expect.closeTo(30 * 0.0003, 15) },
      { account: 'iso-1', instrument: 'BTC-PERPETUAL', ratePerInterval: 0.0001, amountCoin: expect.closeTo(20 * 0.0003, 15) },
    ])
    expect(j.funding.totalCoin).toBeCloseTo(40 * 0.0003, 15)
    expect(j.funding.equityAfter).toBeCloseTo(5 - 0.003, 12)
    expect(j.funding.healthAfter).toBeCloseTo((5 - 0.003) / mm(10), 12)
    const text = (await run(f)).out
    expect(text).toContain('Funding over 3 intervals')
    expect(text).toContain('perp-desk after funding: equity 4.997')
    const negative = JSON.parse((await run(write('funding-neg.yaml', `${PERP_ONLY}fundingRate: { BTC-PERPETUAL: -0.0002 }\n`), '--json')).out)
    expect(negative.funding.payments[0].amountCoin).toBeCloseTo(25 * 0.0002, 15) // shorts pay the long
  })

  test.each([
    ['funding on a dated future', `${PERP_ONLY}fundingRate:\n  BTC-27SEP24: 0.0001\n`, ':13:16', 'fundingRate.BTC-27SEP24 is not a perpetual'],
    ['fundingIntervals alone', `${PERP_ONLY}fundingIntervals: 3\n`, ':12:19', 'fundingIntervals needs fundingRate'],
    ['a fractional interval count', `${PERP_ONLY}fundingRate: { BTC-PERPETUAL: 0.0001 }\nfundingIntervals: 1.5\n`, ':13:19', 'fundingIntervals must be a whole number'],
  ])('%s is bad input at file:line:col', async (name, text, pos, message) => {
    const f = write(`${name.replace(/\W+/g, '-')}.yaml`, text)
    const r = await run(f, '--json')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${f}${pos}`)
    expect(r.err).toContain(message)
  })

  // The forecast must see only closes strictly before market.time (2024-06-01T08:00Z): computed here independently
  // from the sample file's rows, then compared with what the command reports and applies.
  const sample = fileURLToPath(new URL('../../../data/samples/btc-usd-1h-sample.csv', import.meta.url))
  const nowMs = Date.parse('2024-06-01T08:00:00Z')
  const past = (() => {
    const closes = readFileSync(sample, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
      .filter((c) => Date.parse(c[0]!) < nowMs).map((c) => Number(c[4]))
    return Float64Array.from(closes.slice(1), (c, i) => Math.log(c / closes[i]!))
  })()
  const buffered = (lines: string) => `${PERP_ONLY}volBuffer:\n${lines}`

  test('volBuffer forecast: ewma on the past hourly closes of returnsFile scales IM and MM by forecast / reference', async () => {
    const expected = ewmaForecast(past, { lambda: 0.94, periodsPerYear: 8760 }).volAnnual
    const r = await run(write('ewma.yaml', buffered(`  forecast: ewma\n  returnsFile: ${sample}\n  referenceVol: 0.3\n`)), '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.volBuffer).toMatchObject({ forecast: 'ewma', returns: past.length, periodsPerYear: 8760, referenceVol: 0.3,
      lastReturnAt: '2024-06-01T07:00:00.000Z' })
    expect(j.volBuffer.forecastVol).toBeCloseTo(expected, 12)
    const k = Math.min(3, Math.max(1, expected / 0.3))
    expect(k).toBeGreaterThan(1) // the test is only worth something if the buffer bites
    expect(j.volBuffer.multiplier).toBeCloseTo(k, 12)
    expect(j.maintenanceMargin).toBeCloseTo(k * 0.28125, 12)
    expect(j.initialMargin).toBeCloseTo(k * 0.53125, 12)
  })

  test('volBuffer forecast: garch term vol over horizonDays; rows after market.time never change it', async () => {
    const fit = fitGarch11(past)
    const expected = garch11TermVol(fit, 7 * 24, 8760)
    const j = JSON.parse((await run(write('garch.yaml', buffered(`  forecast: garch\n  returnsFile: ${sample}\n  horizonDays: 7\n  referenceVol: 0.3\n`)), '--json')).out)
    expect(j.volBuffer).toMatchObject({ forecast: 'garch', horizonDays: 7, returns: past.length })
    expect(j.volBuffer.forecastVol).toBeCloseTo(expected, 9)
    expect(j.maintenanceMargin).toBeCloseTo(j.volBuffer.multiplier * 0.28125, 12)
    // the same history followed by a crash after market.time: the forecast is unchanged to the bit
    const lines = readFileSync(sample, 'utf8').trim().split('\n')
    const cut = lines.findIndex((l, i) => i > 0 && Date.parse(l.split(',')[0]!) >= nowMs)
    const future = ['2024-06-01T08:00:00.000Z', '2024-06-01T09:00:00.000Z'].map((t) => `${t},1,1,1,1,1`)
    const leaked = write('leaked.csv', [...lines.slice(0, cut), ...future].join('\n') + '\n')
    const j2 = JSON.parse((await run(write('garch2.yaml', buffered(`  forecast: garch\n  returnsFile: leaked.csv\n  horizonDays: 7\n  referenceVol: 0.3\n`)), '--json')).out)
    expect(j2.volBuffer.forecastVol).toBe(j.volBuffer.forecastVol)
  })

  test.each([
    ['forecastVol and forecast together', buffered('  forecastVol: 0.9\n  forecast: ewma\n  referenceVol: 0.6\n'), ':13:3', 'volBuffer needs either forecastVol'],
    ['an unknown forecast', buffered('  forecast: arima\n  returnsFile: x.csv\n  referenceVol: 0.6\n'), ':13:13', 'volBuffer.forecast must be ewma or garch'],
    ['a missing returns file', buffered('  forecast: ewma\n  returnsFile: nope.csv\n  referenceVol: 0.6\n'), ':14:16', 'volBuffer.returnsFile cannot be read'],
    ['lambda of 1', buffered('  forecast: ewma\n  returnsFile: bars.csv\n  lambda: 1\n  referenceVol: 0.6\n'), ':15:11', 'volBuffer.lambda must be between 0 and 1'],
  ])('%s is bad input at file:line:col', async (name, text, pos, message) => {
    write('bars.csv', 'ts,close\n2024-05-01T00:00:00Z,60000\n2024-05-02T00:00:00Z,61000\n2024-05-03T00:00:00Z,60500\n')
    const f = write(`${name.replace(/\W+/g, '-')}.yaml`, text)
    const r = await run(f, '--json')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${f}${pos}`)
    expect(r.err).toContain(message)
  })

  test('a bad close before market.time is named at its CSV line', async () => {
    const csv = write('badbars.csv', 'ts,open,close\n2024-05-01T00:00:00Z,1,60000\n2024-05-02T00:00:00Z,1,-5\n2024-05-03T00:00:00Z,1,60500\n')
    const r = await run(write('badbars.yaml', buffered('  forecast: ewma\n  returnsFile: badbars.csv\n  referenceVol: 0.6\n')), '--json')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${csv}:3`)
    expect(r.err).toContain('close must be a positive price, got "-5"')
  })
})
