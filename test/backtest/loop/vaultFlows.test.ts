import { describe, expect, test } from 'vitest'
import { runBacktest, vaultFlowsOf } from '../../../backtest/loop/runBacktest.ts'
import { backtestFiles } from '../../../backtest/outputs/backtestFiles.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { parseConfigText } from '../../../engine/config/parseConfigText.ts'
import { ConfigInvalidError } from '../../../engine/errors/config.ts'
import { testConfig } from '../support/testConfig.ts'
import { tinyCoveredCall } from '../support/tinyCoveredCall.ts'

const H = 3_600_000
const T0 = Date.UTC(2024, 0, 1) // a Monday; weekly epochs end on Fridays 08:00 UTC
const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: T0, barMs: H, bars: 24 * 7 * 6, subSteps: 4 }, 17)
const params = tinyCoveredCall.params.parse({ targetDelta: 0.3 })

const vault = (flows: string[], extra = '') => ['  asset: BTC', '  initialNav: 10', ...(extra ? [extra] : []), ...(flows.length ? ['  flows:', ...flows] : [])].join('\n')
// Bob deposits 5 BTC on Wednesday 10 Jan (minted at the Friday 12 Jan roll), withdraws 2 shares on 17 Jan and
// everything on 24 Jan; the initial depositor takes out 3 shares on 30 Jan.
const FLOWS = [
  '    - { at: 2024-01-10T12:00:00Z, account: bob, deposit: 5 }',
  '    - { at: 2024-01-17, account: bob, withdrawShares: 2 }',
  '    - { at: 2024-01-24, account: bob, withdrawAll: true }',
  '    - { at: 2024-01-30, account: initial, withdrawShares: 3 }',
]

describe('vault.flows from the config', () => {
  test('become loop flows: deposits in vault-asset units, withdrawals by shares or all', () => {
    const cfg = testConfig({ vault: vault(FLOWS) })
    expect(vaultFlowsOf(cfg)).toEqual([
      { type: 'deposit', atMs: Date.UTC(2024, 0, 10, 12), account: 'bob', assetAmount: 5 },
      { type: 'withdraw', atMs: Date.UTC(2024, 0, 17), account: 'bob', shares: 2 },
      { type: 'withdraw', atMs: Date.UTC(2024, 0, 24), account: 'bob', all: true },
      { type: 'withdraw', atMs: Date.UTC(2024, 0, 30), account: 'initial', shares: 3 },
    ])
  })

  test('NAV identity with flows: pnl = nav_end - nav_start per epoch, and the next nav_start = nav_end + flows', async () => {
    const r = await runBacktest({ config: testConfig({ vault: vault(FLOWS) }), strategy: tinyCoveredCall, params, bars, barMs: H })
    expect(r.epochs.length).toBeGreaterThanOrEqual(5)
    for (const e of r.epochs) expect(e.pnl).toBeCloseTo(e.navEnd - e.navStart, 12)
    for (let k = 1; k < r.epochs.length; k++) expect(r.epochs[k]!.navStart).toBeCloseTo(r.epochs[k - 1]!.navEnd + r.epochs[k - 1]!.flows, 9)
    const at = (ms: number) => r.epochs.find((e) => e.endMs === ms)!
    // minted at the 12 Jan roll; the epoch that ends then had nothing to do with it
    expect(at(Date.UTC(2024, 0, 12, 8)).flows).toBeCloseTo(5, 7) // the vault books in 1e-8 BTC base units
    // 2 shares and then the rest are paid at the ends of the epochs they were requested in, at that epoch's pps
    const e19 = at(Date.UTC(2024, 0, 19, 8)), e26 = at(Date.UTC(2024, 0, 26, 8)), f2 = at(Date.UTC(2024, 1, 2, 8))
    expect(e19.flows).toBeCloseTo(-2 * e19.ppsEnd, 7)
    const bobShares = 5 / at(Date.UTC(2024, 0, 12, 8)).ppsEnd - 2
    expect(e26.flows).toBeCloseTo(-bobShares * e26.ppsEnd, 6)
    expect(f2.flows).toBeCloseTo(-3 * f2.ppsEnd, 7)
  })

  test('a deposit leaves the price per share unchanged: the same pps every bar as the run without it', async () => {
    const deposit = ['    - { at: 2024-01-10T12:00:00Z, account: bob, deposit: 25 }']
    const fees = '  fees: { managementFeePct: 2, performanceFeePct: 10, paidIn: assets }'
    const [without, withDeposit] = await Promise.all([
      runBacktest({ config: testConfig({ vault: vault([], fees) }), strategy: tinyCoveredCall, params, bars, barMs: H }),
      runBacktest({ config: testConfig({ vault: vault(deposit, fees) }), strategy: tinyCoveredCall, params, bars, barMs: H }),
    ])
    const roll = without.epochs.findIndex((e) => e.endMs === Date.UTC(2024, 0, 12, 8))
    // the NAV did grow by the deposit after the roll, so the comparison is not vacuous
    expect(withDeposit.epochs[roll + 1]!.navStart - without.epochs[roll + 1]!.navStart).toBeCloseTo(25, 6)
    // the strategy sells calls on its whole NAV, so every per-share figure scales away (fees are proportional too)
    for (let i = 0; i < bars.length; i++) expect(withDeposit.equity.pps[i]).toBeCloseTo(without.equity.pps[i] as number, 8)
    for (let k = 0; k < without.epochs.length; k++) expect(withDeposit.epochs[k]!.ppsEnd).toBeCloseTo(without.epochs[k]!.ppsEnd, 8)
  })

  test('epochs.csv carries the flows column', async () => {
    const r = await runBacktest({ config: testConfig({ vault: vault(FLOWS) }), strategy: tinyCoveredCall, params, bars, barMs: H })
    const [head, ...rows] = backtestFiles(r, 't', {}).files['epochs.csv']!.trim().split('\n')
    const col = head!.split(',').indexOf('flows')
    expect(col).toBeGreaterThan(15)
    const values = rows.map((l) => Number(l.split(',')[col]))
    expect(values).toEqual(r.epochs.map((e) => expect.closeTo(e.flows, 6)))
    expect(values.filter((v) => Math.abs(v) > 1e-6)).toHaveLength(4) // base-unit rounding leaves ~1e-9 elsewhere
  })
})

describe('vault.flows validation names the line and field', () => {
  const text = (flows: string[], extra = '') => ['vault:', '  asset: BTC', '  initialNav: 10', ...(extra ? [extra] : []), '  flows:', ...flows, 'strategy:', '  name: test', 'data:', '  bars: bars.csv', 'iv:', '  source: constant', '  value: 0.6'].join('\n')
  const errorsOf = (t: string) => {
    try { parseConfigText(t, 'cfg.yaml', { env: {} }) } catch (e) {
      if (e instanceof ConfigInvalidError) return e.errors.map((x) => `${x.at.line}:${x.at.col} ${x.field} ${x.problem}`)
      throw e
    }
    throw new Error('expected the config to be rejected')
  }
  test('a withdrawal by an account with no deposit before it', () => {
    expect(errorsOf(text(['    - { at: 2024-01-10, account: bob, deposit: 1 }', '    - { at: 2024-01-09, account: bob, withdrawAll: true }'])))
      .toEqual(['6:34 vault.flows[1].account "bob" withdraws at 2024-01-09 but has no deposit before then'])
  })
  test('deposit and withdrawal in one flow, none at all, a bad date, a negative amount, below minDeposit', () => {
    expect(errorsOf(text([
      '    - { at: 2024-01-10, account: bob, deposit: 1, withdrawAll: true }',
      '    - { at: 2024-01-10, account: bob }',
      '    - { at: 10/01/2024, account: bob, deposit: 1 }',
      '    - { at: 2024-01-10, account: bob, deposit: -1 }',
      '    - { at: 2024-01-10, account: al, deposit: 0.5 }',
    ], '  minDeposit: 1'))).toEqual([
      '6:64 vault.flows[0].withdrawAll cannot be given with deposit in one flow, got true',
      '7:34 vault.flows[1].account "bob" asks for nothing: a flow needs one of deposit, withdrawShares or withdrawAll',
      expect.stringMatching(/^8:13 vault\.flows\[2\]\.at must be an ISO 8601 UTC date/),
      '9:48 vault.flows[3].deposit must be greater than 0, got -1',
      '10:47 vault.flows[4].deposit is below vault.minDeposit (1), got 0.5',
    ])
  })
})
