import { expect, test } from 'vitest'
import { checkGridPaths, configKeyPaths } from '../../../backtest/sweep/configKeyPaths.ts'
import { configWithParams } from '../../../backtest/sweep/configWithParams.ts'
import { InputError } from '../../../engine/errors/input.ts'

const yaml = 'vault:\n  asset: BTC # the coin\nstrategy:\n  name: covered-call\n  params:\n    targetDelta: 0.2\nhedge:\n  band: 0.05\n'

test('configKeyPaths lists dotted leaves', () => {
  expect(configKeyPaths({ a: { b: 1, c: { d: [1, 2] } }, e: null })).toEqual(['a.b', 'a.c.d', 'e'])
})

test('a known path passes, from the YAML or from the parsed config (defaults)', () => {
  expect(() => checkGridPaths([{ path: 'hedge.band', values: [0.1] }], yaml, {}, 'c.yaml')).not.toThrow()
  expect(() => checkGridPaths([{ path: 'strategy.params.minPremium', values: [0.1] }], yaml, { strategy: { params: { minPremium: 0 } } }, 'c.yaml')).not.toThrow()
})

test('an unknown path is bad input naming the flag, with a did-you-mean from the config keys', () => {
  let err: unknown
  try { checkGridPaths([{ path: 'hedge.bnad', values: [0.1] }], yaml, {}, 'c.yaml') } catch (e) { err = e }
  expect(err).toBeInstanceOf(InputError)
  expect((err as InputError).message).toContain('Where: --grid hedge.bnad')
  expect((err as InputError).message).toContain('did you mean hedge.band?')
  // a right key under the wrong section still gets its full path suggested
  expect(() => checkGridPaths([{ path: 'strategy.targetDelta', values: [0.1] }], yaml, {}, 'c.yaml')).toThrow(/did you mean strategy\.params\.targetDelta\?/)
})

test('data files cannot be swept and a path cannot be given twice', () => {
  const y = yaml + 'data:\n  bars: a.csv\n'
  expect(() => checkGridPaths([{ path: 'data.bars', values: ['b.csv'] }], y, {}, 'c.yaml')).toThrow(/loads its data once/)
  expect(() => checkGridPaths([{ path: 'hedge.band', values: [1] }, { path: 'hedge.band', values: [2] }], y, {}, 'c.yaml')).toThrow(/twice/)
})

test('configWithParams sets values in place and keeps comments', () => {
  const out = configWithParams(yaml, { 'strategy.params.targetDelta': 0.3, 'hedge.band': 0.02 })
  expect(out).toContain('targetDelta: 0.3')
  expect(out).toContain('band: 0.02')
  expect(out).toContain('# the coin')
  expect(configWithParams(yaml, {})).toBe(yaml)
})
