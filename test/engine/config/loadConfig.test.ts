import { describe, expect, test } from 'vitest'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../../engine/config/loadConfig.ts'
import { InputError } from '../../../engine/errors/input.ts'
import { ConfigInvalidError } from '../../../engine/errors/config.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('loadConfig: shipped configs', () => {
  test('config/covered-call.yaml validates: the quick start\'s delta-hedged covered call on the sample data', () => {
    const c = loadConfig(join(root, 'config/covered-call.yaml'), { checkFiles: false, env: {} })
    expect(c.strategy.name).toBe('covered-call')
    expect(c.strategy.params).toMatchObject({ targetDelta: 0.2 })
    expect(c.hedge).toMatchObject({ trigger: 'band', band: 0.05, targetDelta: 1, instrument: 'perp' })
    expect(c.data?.bars).toBe(join(root, 'data/samples/btc-usd-1h-sample.csv'))
    expect(c.data?.vol).toBe(join(root, 'data/samples/btc-vol-1d-sample.csv'))
    expect(c.execution.venue).toBe('sim')
  })

  test('config/gamma-vault.yaml validates', () => {
    const c = loadConfig(join(root, 'config/gamma-vault.yaml'), { checkFiles: false, env: {} })
    expect(c.strategy.name).toBe('gamma-vault')
    expect(c.strategy.params).toMatchObject({ forecast: 'ewma', cashGammaBudgetPct: 0.01 })
    expect(c.hedge).toMatchObject({ trigger: 'whalley-wilmott', targetDelta: 0 })
  })

  test('every shipped config points editors at the JSON Schema', async () => {
    const { readFileSync } = await import('node:fs')
    for (const f of ['covered-call.yaml', 'gamma-vault.yaml']) expect(readFileSync(join(root, 'config', f), 'utf8').split('\n')[0], f).toBe('# yaml-language-server: $schema=./schema.json')
  })
})

describe('loadConfig: files', () => {
  test('a missing config file is bad input naming the file', () => {
    const err = (() => { try { loadConfig('no/such/config.yaml') } catch (e) { return e } })()
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).exitCode).toBe(2)
    expect((err as Error).message).toBe('config file does not exist.\nWhere: no/such/config.yaml\nFix: pass the path of a YAML config, e.g. config/covered-call.yaml.')
  })

  // The sample data comes from the data work: before it lands the check must flag it, after it must pass.
  test('checks named files by default, reporting them at their lines', () => {
    const file = join(root, 'config/covered-call.yaml')
    const hasSamples = existsSync(join(root, 'data/samples/btc-usd-1h-sample.csv'))
    if (hasSamples) return expect(() => loadConfig(file, { env: {} })).not.toThrow()
    const err = (() => { try { loadConfig(file, { env: {} }) } catch (e) { return e } })() as ConfigInvalidError
    expect(err).toBeInstanceOf(ConfigInvalidError)
    expect(err.errors.some((e) => e.field === 'data.bars' && e.problem.endsWith('which does not exist'))).toBe(true)
  })
})
