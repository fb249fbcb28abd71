import { describe, expect, test } from 'vitest'
import { join } from 'node:path'
import { builtInStrategies } from '../../strategies/index.ts'
import { loadConfig } from '../../engine/config/loadConfig.ts'
import { ConfigInvalidError } from '../../engine/errors/config.ts'
import { parseConfigText } from '../../engine/config/parseConfigText.ts'
import { readFileSync } from 'node:fs'

const root = join(import.meta.dirname, '../..')
const opts = {
  checkFiles: false, env: {}, knownStrategies: Object.keys(builtInStrategies),
  strategyParamsSchema: (s: { name?: string | undefined }) => s.name === undefined ? undefined : builtInStrategies[s.name]?.params,
}

describe('built-in strategies', () => {
  test('are registered under the names the shipped configs use', () => {
    expect(Object.keys(builtInStrategies).sort()).toEqual(['covered-call', 'gamma-vault'])
    for (const [name, s] of Object.entries(builtInStrategies)) {
      expect(s.name).toBe(name)
      expect(s.apiVersion).toBe(1)
    }
  })

  test('config/covered-call.yaml params validate against the strategy schema, defaults filled', () => {
    const c = loadConfig(join(root, 'config/covered-call.yaml'), opts)
    expect(c.strategy.params).toMatchObject({ targetDelta: 0.2, minDaysToExpiry: 5, sizePctOfNav: 100,
      minPremium: 0.0005, strikeRule: 'delta', qtyStep: 0.1, premiumSource: 'auto' })
  })

  test('config/gamma-vault.yaml params validate against the strategy schema', () => {
    const c = loadConfig(join(root, 'config/gamma-vault.yaml'), opts)
    expect(c.strategy.params).toMatchObject({ cashGammaBudgetPct: 0.01, forecast: 'ewma', allowShort: false,
      ladder: [{ daysToExpiry: 7, budgetPct: 50 }, { daysToExpiry: 14, budgetPct: 30 }, { daysToExpiry: 28, budgetPct: 20 }] })
  })

  test('a bad strategy param is reported at its file:line:column with its key path', () => {
    const file = join(root, 'config/covered-call.yaml')
    const text = readFileSync(file, 'utf8').replace('targetDelta: 0.2 ', 'targetDelta: 2   ')
    const line = text.split('\n').findIndex((l) => l.includes('targetDelta: 2')) + 1
    let err: unknown
    try { parseConfigText(text, 'covered-call.yaml', opts) } catch (e) { err = e }
    expect(err).toBeInstanceOf(ConfigInvalidError)
    const e = (err as ConfigInvalidError).errors
    expect(e).toHaveLength(1)
    expect(e[0]!.field).toBe('strategy.params.targetDelta')
    expect(e[0]!.at.line).toBe(line)
  })
})
