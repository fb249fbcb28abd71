import { describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { parseConfigText, type ParseConfigOptions } from '../../../engine/config/parseConfigText.ts'
import { ConfigInvalidError } from '../../../engine/errors/config.ts'
import { Secret } from '../../../engine/config/secret.ts'

// Expected positions are counted by hand: line and column are 1-based, a value's column is where its
// first character sits ("  band: 5" -> the 5 is column 9).
const FILE = 'config/test.yaml'
const lines = (...l: string[]) => `${l.join('\n')}\n`
const BASE = [
  'vault:', //                1
  '  asset: BTC', //          2
  '  initialNav: 10', //      3
  'strategy:', //             4
  '  name: covered-call', //  5
  'data:', //                 6
  '  bars: bars.csv', //      7
  '  vol: vol.csv', //        8
]

/** Every error as "line:col field problem", in the order the loader reports them. */
function errorsOf(text: string, opts: ParseConfigOptions = {}): string[] {
  try {
    parseConfigText(text, FILE, { env: {}, ...opts })
  } catch (e) {
    if (!(e instanceof ConfigInvalidError)) throw e
    expect(e.exitCode).toBe(2)
    return e.errors.map((x) => `${x.at.line}:${x.at.col} ${x.field} ${x.problem}`)
  }
  throw new Error('expected the config to be rejected')
}
function fixesOf(text: string, opts: ParseConfigOptions = {}): (string | undefined)[] {
  try { parseConfigText(text, FILE, { env: {}, ...opts }) } catch (e) {
    if (e instanceof ConfigInvalidError) return e.errors.map((x) => x.fix)
    throw e
  }
  return []
}

describe('parseConfigText: a valid config', () => {
  test('fills defaults, resolves paths against the config folder, derives the epoch cron', () => {
    const c = parseConfigText(lines(...BASE, 'data2: 1').replace('data2: 1\n', ''), FILE, { env: {} })
    expect(c.vault).toMatchObject({ asset: 'BTC', initialNav: 10, collateral: 'underlying', minDeposit: 0 })
    expect(c.vault.fees).toEqual({ managementFeePct: 0, performanceFeePct: 0, highWaterMark: true, paidIn: 'shares' })
    expect(c.vault.epoch).toEqual({ every: 'weekly', weekday: 'friday', hourUtc: 8 })
    expect(c.data?.bars).toBe(resolve('config', 'bars.csv'))
    expect(c.data?.gapPolicy).toBe('error')
    expect(c.iv.source).toBe('index')
    expect(c.execution).toMatchObject({ venue: 'sim', fillTiming: 'next-bar', slippage: { model: 'bps', bps: 5 }, gas: { model: 'none' } })
    // Deribit fee schedule: options 0.03% of the underlying, capped at 12.5% of the option price; perp taker 5 bps
    expect(c.execution.fees).toEqual({ makerBps: 0, takerBps: 5, option: { pctOfUnderlying: 0.03, capPctOfPrice: 12.5 } })
    expect(c.hedge).toBeUndefined()
    expect(c.schedule).toEqual({ epochRoll: '0 8 * * 5', hedgeCheck: '0 * * * *', missedTick: 'run-once' })
    expect(c.journal.path).toBe(resolve('config', 'test.journal.sqlite'))
    expect(c.strategy).toEqual({ name: 'covered-call', params: {} })
  })

  test('epoch cron follows vault.epoch: daily at the hour, weekly on the weekday (sunday is 0)', () => {
    const daily = parseConfigText(lines(...BASE, '  ', 'schedule: {}').replace('vault:\n', 'vault:\n  epoch: { every: daily, hourUtc: 16 }\n'), FILE, { env: {} })
    expect(daily.schedule.epochRoll).toBe('0 16 * * *')
    const sunday = parseConfigText(lines(...BASE).replace('vault:\n', 'vault:\n  epoch: { weekday: sunday }\n'), FILE, { env: {} })
    expect(sunday.schedule.epochRoll).toBe('0 8 * * 0')
  })

  test('data.from/to load as UnixMs next to the ISO text; chain accepts one file or a list', () => {
    const c = parseConfigText(lines(...BASE, '  from: 2024-01-05', '  to: 2024-02-01T08:00:00Z', '  chain: c.csv'), FILE, { env: {} })
    expect(c.data?.fromMs).toBe(Date.UTC(2024, 0, 5))
    expect(c.data?.toMs).toBe(Date.UTC(2024, 1, 1, 8))
    expect(c.data?.chain).toEqual([resolve('config', 'c.csv')])
  })

  test('hedge triggers carry their own parameters', () => {
    const c = parseConfigText(lines(...BASE, 'hedge:', '  trigger: whalley-wilmott', '  targetDelta: 1'), FILE, { env: {} })
    expect(c.hedge).toEqual({ trigger: 'whalley-wilmott', instrument: 'perp', targetDelta: 1, riskAversion: 1 })
  })
})

describe('parseConfigText: errors name line:column, field, expected and found', () => {
  test('YAML syntax: tabs, duplicate keys, an unclosed flow list', () => {
    expect(errorsOf('vault:\n\tasset: BTC\n')).toEqual(['2:1 (yaml) is not valid YAML: Tabs are not allowed as indentation'])
    expect(errorsOf('vault: 1\nvault: 2\n')).toEqual(['2:1 (yaml) is not valid YAML: Map keys must be unique'])
    expect(errorsOf('vault: [1\n')[0]).toMatch(/^2:1 \(yaml\) is not valid YAML: Flow sequence/)
  })

  test('an unquoted ${…} inside { } breaks YAML itself; the fix says to quote it', () => {
    const text = 'execution: { credentials: { apiKey: ${KEY} } }\n'
    expect(errorsOf(text)[0]).toMatch(/^1:\d+ \(yaml\) is not valid YAML/)
    expect(fixesOf(text)[0]).toBe('inside { } or [ ], quote a placeholder ("${KEY}"), or write the mapping one key per line.')
  })

  test('a file that is not a mapping of sections', () => {
    expect(errorsOf('')).toEqual(['1:1 (config) must be a mapping of sections (vault:, strategy:, …), got an empty file'])
    expect(errorsOf('\n- 1\n')).toEqual(['2:1 (config) must be a mapping of sections (vault:, strategy:, …), got a list'])
  })

  test('unknown keys at every depth, each at its key, with did-you-mean', () => {
    const text = lines(
      ...BASE, //                       1-8
      '  barsize: 1h', //               9: depth 1
      'stratgy: {}', //                 10: depth 0
      'execution:', //                  11
      '  fees:', //                     12
      '    option:', //                 13
      '      capPctOfPrce: 10', //      14: depth 3
      'hedge:', //                      15
      '  trigger: band', //             16
      '  band: 0.05', //                17
      '  moveFraction: 0.02', //        18: valid for trigger move, not for band
    )
    expect(errorsOf(text)).toEqual([
      '9:3 data.barsize is not a known key of data',
      '10:1 stratgy is not a known key of the config',
      '14:7 execution.fees.option.capPctOfPrce is not a known key of execution.fees.option',
      '18:3 hedge.moveFraction is not a known key of hedge',
    ])
    expect(fixesOf(text)).toEqual([
      'did you mean "barSize"?',
      'did you mean "strategy"?',
      'did you mean "capPctOfPrice"?',
      'remove it; allowed here: trigger, instrument, targetDelta, band.',
    ])
  })

  test('a missing required field points at its parent key', () => {
    const text = lines('vault:', '  asset: BTC', 'strategy:', '  name: x', 'data:', '  vol: v.csv')
    expect(errorsOf(text)).toEqual(['1:1 vault.initialNav is required', '5:1 data.bars is required'])
    expect(fixesOf(text)[0]).toMatch(/^add initialNav: under vault\. initialNav: Net asset value at the start, in units of `asset`/)
    expect(errorsOf(lines('strategy:', '  name: x'))).toEqual(['1:1 vault is required'])
  })

  test('wrong types say what was expected and what was found', () => {
    const text = lines(
      'vault:', //                  1
      '  asset: BTC', //            2
      '  initialNav: ten', //       3
      '  fees: 2', //               4
      '  epoch:', //                5
      '    hourUtc: 8.5', //        6
      'strategy:', //               7
      '  name: covered-call', //    8
      '  params: [1, 2]', //        9: a list or mapping is reported at its key
      'data:', //                   10
      '  bars: bars.csv', //        11
      '  vol:', //                  12
      'execution:', //              13
      '  testnet: yes', //          14: YAML 1.2 reads yes as a string
    )
    expect(errorsOf(text)).toEqual([
      '3:15 vault.initialNav must be a number, got "ten"',
      '4:9 vault.fees must be a mapping (key: value lines), got 2',
      '6:14 vault.epoch.hourUtc must be a whole number, got 8.5',
      '9:3 strategy.params must be a mapping (key: value lines), got a list',
      '12:7 data.vol must be a string, got an empty value',
      '14:12 execution.testnet must be true or false, got "yes"',
    ])
  })

  test('enums and discriminators list the choices and guess the typo', () => {
    const text = lines(...BASE, '  barSize: 1hr', '  gapPolicy: ffill', 'iv:', '  source: constnt', 'hedge:', '  trigger: bnad')
    expect(errorsOf(text)).toEqual([
      '9:12 data.barSize must be one of 1m | 5m | 15m | 1h | 4h | 1d, got "1hr"',
      '10:14 data.gapPolicy must be one of error | skip | forward-fill, got "ffill"',
      '12:11 iv.source must be one of chain | index | realized | constant, got "constnt"',
      '14:12 hedge.trigger must be one of interval | band | move | whalley-wilmott, got "bnad"',
    ])
    const fixes = fixesOf(text)
    expect(fixes[0]).toBe('did you mean "1h"?')
    expect(fixes[1]).toMatch(/^data\.gapPolicy: What a missing bar does/) // too far for a guess: the description instead
    expect(fixes[2]).toBe('did you mean "constant"?')
    expect(fixes[3]).toBe('did you mean "band"?')
  })

  test('a missing discriminator is required, at the section key', () => {
    expect(errorsOf(lines(...BASE, 'hedge:', '  band: 0.05'))).toEqual([
      '9:1 hedge.trigger is required: one of interval | band | move | whalley-wilmott',
    ])
  })

  test('ranges: the style guide\'s hedge.band example and friends', () => {
    const text = lines(
      'vault:', //                  1
      '  asset: btc', //            2
      '  initialNav: -1', //        3
      '  epoch: { hourUtc: 24 }', //4
      'strategy:', //               5
      '  name: covered-call', //    6
      'data:', //                   7
      '  bars: bars.csv', //        8
      '  vol: vol.csv', //          9
      'iv:', //                     10
      '  source: constant', //      11
      '  value: 60', //             12: 60 vol points written as a percent
      'hedge:', //                  13
      '  trigger: band', //         14
      '  band: 5', //               15
    )
    expect(errorsOf(text)).toEqual([
      '2:10 vault.asset must be an upper-case asset symbol such as BTC or ETH, got "btc"',
      '3:15 vault.initialNav must be greater than 0, got -1',
      '4:21 vault.epoch.hourUtc must be at most 23, got 24',
      '12:10 iv.value must be an annualised vol as a fraction, at most 10, got 60',
      '15:9 hedge.band must be a fraction between 0 and 1, got 5',
    ])
  })

  test('dates, windows and cron expressions', () => {
    const text = lines(...BASE, '  from: 2024-13-01', '  to: 05/01/2024', 'schedule:', '  hedgeCheck: "61 * * * *"', '  epochRoll: "0 8 * *"')
    expect(errorsOf(text)).toEqual([
      '9:9 data.from must be an ISO 8601 UTC date or date-time such as 2024-01-05 or 2024-01-05T08:00:00Z, got "2024-13-01"',
      '10:7 data.to must be an ISO 8601 UTC date or date-time such as 2024-01-05 or 2024-01-05T08:00:00Z, got "05/01/2024"',
      '12:15 schedule.hedgeCheck must be a cron expression (UTC), got "61 * * * *" (minute: 61 is a invalid expression for minute)',
      '13:14 schedule.epochRoll must be a cron expression (UTC), got "0 8 * *" (expected 5 or 6 fields but got 4)',
    ])
    expect(errorsOf(lines(...BASE, '  from: 2024-02-01', '  to: 2024-01-01'))).toEqual([
      '10:7 data.to must be after data.from (2024-02-01), got "2024-01-01"',
    ])
  })

  test('strategy: exactly one of name or path; a plugin path is .ts or .js', () => {
    expect(errorsOf(lines(...BASE).replace('  name: covered-call\n', '  name: a\n  path: ./b.ts\n'))).toEqual(['4:1 strategy has both name and path'])
    expect(errorsOf(lines(...BASE).replace('  name: covered-call\n', '  params: {}\n'))).toEqual(['4:1 strategy needs either name or path'])
    expect(errorsOf(lines(...BASE).replace('  name: covered-call\n', '  path: ./b.py\n'))).toEqual(['5:9 strategy.path must name a .ts or .js or .mts or .mjs file, got "./b.py"'])
  })

  test('venue: built-in or a ccxt exchange id, with a guess', () => {
    expect(errorsOf(lines(...BASE, 'execution:', '  venue: derbit'))).toEqual([
      '10:10 execution.venue must be one of sim | paper | deribit | uniswap or a ccxt exchange id, got "derbit"',
    ])
    expect(fixesOf(lines(...BASE, 'execution:', '  venue: binnance'))).toEqual(['did you mean "binance"?'])
    expect(parseConfigText(lines(...BASE, 'execution:', '  venue: okx'), FILE, { env: {} }).execution.venue).toBe('okx')
  })

  test('cross-section rules point at the field that needs the other one', () => {
    expect(errorsOf(lines(...BASE.slice(0, 7), 'iv:', '  source: index'))).toEqual(['9:11 iv.source is index, which needs data.vol'])
    expect(errorsOf(lines(...BASE, 'execution:', '  gas: { model: series }'))).toEqual(['10:17 execution.gas.model is series, which needs data.gas'])
    expect(errorsOf(lines(...BASE.slice(0, 5)))).toEqual(['1:1 execution.venue is sim (backtest), which needs a data section'])
  })

  test('every error in the file is reported at once, sorted by position', () => {
    const text = lines('hedge:', '  trigger: band', '  band: 2', 'vault:', '  asset: 1', '  initialNav: x', 'strategy: {}', 'extra: 1')
    const got = errorsOf(text)
    expect(got.map((s) => s.split(' ')[0])).toEqual(['3:9', '5:10', '6:15', '7:1', '8:1'])
  })

  test('the thrown message has a numbered line per error with Where and Fix', () => {
    try {
      parseConfigText(lines(...BASE, 'hedge:', '  trigger: band', '  band: 5'), FILE, { env: {} })
      expect.unreachable()
    } catch (e) {
      expect((e as Error).message).toBe([
        'config/test.yaml has 1 error:', '',
        '1. hedge.band must be a fraction between 0 and 1, got 5.',
        'Where: config/test.yaml:11:9',
        'Fix: hedge.band: Half-width of the no-trade band, as a fraction of NAV delta: 0.05 re-hedges when |delta - target| > 5% of NAV.',
      ].join('\n'))
    }
  })
})

describe('parseConfigText: ${ENV} interpolation', () => {
  const navLine = (v: string) => lines(...BASE).replace('initialNav: 10', `initialNav: ${v}`)

  test('a plain whole placeholder keeps YAML typing; a quoted one stays a string', () => {
    expect(parseConfigText(navLine('${NAV}'), FILE, { env: { NAV: '12.5' } }).vault.initialNav).toBe(12.5)
    expect(parseConfigText(navLine('${NAV:-10}'), FILE, { env: {} }).vault.initialNav).toBe(10)
    expect(errorsOf(navLine('"${NAV:-10}"'))).toEqual(['3:15 vault.initialNav must be a number, got the value of ${NAV}'])
  })

  test('placeholders inside text fill paths', () => {
    const c = parseConfigText(lines(...BASE).replace('bars: bars.csv', 'bars: ${DATA:-/srv}/bars.csv'), FILE, { env: { DATA: '/mnt/d' } })
    expect(c.data?.bars).toBe('/mnt/d/bars.csv')
  })

  test('an unset variable is an error at its value, and nothing else is reported for that field', () => {
    expect(errorsOf(navLine('${NAV}'))).toEqual(['3:15 vault.initialNav needs environment variable NAV, which is not set'])
    expect(fixesOf(navLine('${NAV}'))).toEqual(['export NAV=… before running, or give a default: ${NAV:-default}.'])
    expect(errorsOf(navLine('${NAV'))).toEqual(['3:15 vault.initialNav has a "${" with no closing "}"'])
  })

  test('an env value is never parsed as YAML structure', () => {
    expect(errorsOf(navLine('${NAV}'), { env: { NAV: '{ a: 1 }' } })).toEqual(['3:15 vault.initialNav must be a number, got the value of ${NAV}'])
  })
})

describe('parseConfigText: secrets', () => {
  const SECRET = 'sk-live-9f8e7d6c5b4a'
  const creds = (...l: string[]) => lines(...BASE, 'execution:', '  venue: sim', '  credentials:', ...l)

  test('credentials load as Secrets that print as [redacted]', () => {
    const c = parseConfigText(creds('    apiKey: ${DERIBIT_KEY}', '    secret: ${DERIBIT_SECRET}'), FILE, { env: { DERIBIT_KEY: SECRET, DERIBIT_SECRET: 's2' } })
    const key = c.execution.credentials?.apiKey
    expect(key).toBeInstanceOf(Secret)
    expect(key?.reveal()).toBe(SECRET)
    expect(String(key)).toBe('[redacted]')
    expect(JSON.stringify(c)).not.toContain(SECRET)
  })

  test('a secret written in the file is refused, without echoing it', () => {
    const text = creds(`    apiKey: ${SECRET}`)
    expect(errorsOf(text)).toEqual(['12:13 execution.credentials.apiKey must come from an environment variable, not be written in the file'])
    try { parseConfigText(text, FILE, { env: {} }) } catch (e) { expect((e as Error).message).not.toContain(SECRET) }
  })

  test('a missing secret variable names the variable and the position', () => {
    expect(errorsOf(creds('    apiKey: ${DERIBIT_KEY}'))).toEqual(['12:13 execution.credentials.apiKey needs environment variable DERIBIT_KEY, which is not set'])
  })

  test('no error message ever contains an interpolated value', () => {
    const text = lines(
      ...BASE.slice(0, 2), '  initialNav: ${DERIBIT_KEY}', ...BASE.slice(3),
      'execution:', '  credentials:', '    apiKy: ${DERIBIT_KEY}', '    secret: ${EMPTY}', 'hedge:', '  trigger: ${DERIBIT_KEY}',
    )
    let message = ''
    try { parseConfigText(text, FILE, { env: { DERIBIT_KEY: SECRET, EMPTY: '' } }) } catch (e) { message = (e as Error).message }
    expect(errorsOf(text, { env: { DERIBIT_KEY: SECRET, EMPTY: '' } })).toEqual([
      '3:15 vault.initialNav must be a number, got the value of ${DERIBIT_KEY}',
      '11:5 execution.credentials.apiKy is not a known key of execution.credentials',
      '12:13 execution.credentials.secret must not be empty',
      '14:12 hedge.trigger must be one of interval | band | move | whalley-wilmott, got the value of ${DERIBIT_KEY}',
    ])
    expect(message).toContain('config/test.yaml has 4 errors')
    expect(message).not.toContain(SECRET)
    expect(message).not.toContain('sk-live')
  })
})

describe('parseConfigText: strategy params and names', () => {
  const paramsSchema = z.strictObject({
    targetDelta: z.number().gt(0).lt(1).describe('Delta of the call to sell, as a fraction.'),
    minDaysToExpiry: z.int().min(0).default(3).describe('Days.'),
  })
  const withParams = (...p: string[]) => lines(...BASE.slice(0, 5), '  params:', ...p, ...BASE.slice(5))

  test('the strategy\'s schema checks params with positions, and its defaults fill in', () => {
    const seen: unknown[] = []
    const hook = (s: unknown) => { seen.push(s); return paramsSchema }
    const c = parseConfigText(withParams('    targetDelta: 0.2'), FILE, { env: {}, strategyParamsSchema: hook })
    expect(c.strategy.params).toEqual({ targetDelta: 0.2, minDaysToExpiry: 3 })
    expect(seen).toEqual([{ name: 'covered-call', path: undefined }])
    expect(errorsOf(withParams('    targetDelta: 2', '    minDaysToExpry: 5'), { strategyParamsSchema: () => paramsSchema })).toEqual([
      '7:18 strategy.params.targetDelta must be less than 1, got 2',
      '8:5 strategy.params.minDaysToExpry is not a known key of strategy.params',
    ])
    expect(fixesOf(withParams('    targetDelta: 2', '    minDaysToExpry: 5'), { strategyParamsSchema: () => paramsSchema })[1]).toBe('did you mean "minDaysToExpiry"?')
  })

  test('a missing param points at params:, and no hook schema leaves params as written', () => {
    expect(errorsOf(withParams('    minDaysToExpiry: 5'), { strategyParamsSchema: () => paramsSchema })).toEqual(['6:3 strategy.params.targetDelta is required'])
    const c = parseConfigText(withParams('    anything: [1, 2]'), FILE, { env: {}, strategyParamsSchema: () => undefined })
    expect(c.strategy.params).toEqual({ anything: [1, 2] })
  })

  test('known strategy names: an unknown one gets a guess', () => {
    const text = lines(...BASE).replace('name: covered-call', 'name: covered-cal')
    expect(errorsOf(text, { knownStrategies: ['covered-call', 'gamma-vault'] })).toEqual([
      '5:9 strategy.name is not a built-in strategy (built-ins: covered-call, gamma-vault)',
    ])
    expect(fixesOf(text, { knownStrategies: ['covered-call', 'gamma-vault'] })).toEqual(['did you mean "covered-call"?'])
  })
})

describe('parseConfigText: checkFiles', () => {
  test('a path that does not exist is an error at that path; one that does passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'optvault-config-'))
    writeFileSync(join(dir, 'bars.csv'), 'ts,close\n')
    const file = join(dir, 'vault.yaml')
    let err: ConfigInvalidError | undefined
    try { parseConfigText(lines(...BASE), file, { env: {}, checkFiles: true }) } catch (e) { err = e as ConfigInvalidError }
    expect(err?.errors.map((e) => `${e.at.line}:${e.at.col} ${e.field} ${e.problem}`)).toEqual([
      `8:8 data.vol names ${join(dir, 'vol.csv')}, which does not exist`,
    ])
    writeFileSync(join(dir, 'vol.csv'), 'ts,vol\n')
    expect(parseConfigText(lines(...BASE), file, { env: {}, checkFiles: true }).data?.vol).toBe(join(dir, 'vol.csv'))
  })
})
