import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { loadStrategy } from '../../../engine/runtime/loadStrategy.ts'
import { loadRunConfig } from '../../../engine/runtime/loadRunConfig.ts'
import { StrategyLoadError } from '../../../engine/runtime/strategyError.ts'
import { ConfigInvalidError } from '../../../engine/errors/config.ts'

const dir = mkdtempSync(join(tmpdir(), 'optvault-plugin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const pluginIndex = new URL('../../../engine/plugin/index.ts', import.meta.url).pathname

function plugin(name: string, body: string): string {
  const file = join(dir, name)
  writeFileSync(file, `import { defineStrategy, z } from '${pluginIndex}'\n${body}\n`)
  return file
}

describe('loadStrategy', () => {
  test('loads a TypeScript plugin from a folder outside the repo', async () => {
    const file = plugin('mine.ts', `export default defineStrategy({ name: 'mine', apiVersion: 1, params: z.object({ k: z.number().default(3) }) })`)
    const s = await loadStrategy({ path: file })
    expect(s.name).toBe('mine')
    expect(s.params.parse({})).toEqual({ k: 3 })
  })
  test('refuses a missing file, a file without a strategy, and another apiVersion', async () => {
    await expect(loadStrategy({ path: join(dir, 'nope.ts') })).rejects.toThrow(/does not exist/)
    const empty = plugin('empty.ts', 'export const x = 1')
    await expect(loadStrategy({ path: empty })).rejects.toBeInstanceOf(StrategyLoadError)
    const v2 = plugin('v2.ts', `export default { name: 'v2', apiVersion: 2, params: z.object({}) }`)
    await expect(loadStrategy({ path: v2 })).rejects.toThrow(/apiVersion 2/)
  })
  test('an unknown built-in name is a load error that lists the built-ins', async () => {
    await expect(loadStrategy({ name: 'no-such-strategy' })).rejects.toThrow(/not a built-in strategy/)
  })
})

describe('loadRunConfig', () => {
  test('strategy params are checked by the strategy\'s own schema, with the file:line:column of the bad value', async () => {
    plugin('strict.ts', `export default defineStrategy({ name: 'strict', apiVersion: 1, params: z.strictObject({ targetDelta: z.number().max(0.99) }) })`)
    const cfg = join(dir, 'strict.yaml')
    writeFileSync(cfg, ['vault:', '  asset: BTC', '  initialNav: 1', 'strategy:', '  path: ./strict.ts', '  params:', '    targetDelta: 5', 'data:', '  bars: bars.csv', 'iv:', '  source: constant', '  value: 0.5', ''].join('\n'))
    const err = await loadRunConfig(cfg).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigInvalidError)
    expect((err as Error).message).toContain(`${cfg}:7:18`)
    expect((err as Error).message).toContain('strategy.params.targetDelta')
  })
  test('valid params come back parsed, defaults filled', async () => {
    plugin('defaults.ts', `export default defineStrategy({ name: 'defaults', apiVersion: 1, params: z.object({ a: z.number().default(7), b: z.number() }) })`)
    const cfg = join(dir, 'defaults.yaml')
    writeFileSync(cfg, ['vault: { asset: BTC, initialNav: 1 }', 'strategy:', '  path: ./defaults.ts', '  params: { b: 2 }', 'data: { bars: bars.csv }', 'iv: { source: constant, value: 0.5 }', ''].join('\n'))
    const r = await loadRunConfig(cfg, { checkFiles: false })
    expect(r.params).toEqual({ a: 7, b: 2 })
    expect(r.strategy.name).toBe('defaults')
  })
})
