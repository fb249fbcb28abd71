import { afterAll, describe, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { loadConfig } from '../../../engine/config/loadConfig.ts'
import type { StrategyDefinition } from '../../../engine/plugin/index.ts'
import { fakeContext } from '../../strategies/support/fakeContext.ts'

const root = join(import.meta.dirname, '../../..')
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}

describe('optvault new-strategy', () => {
  // A user's project outside the repo, with optvault and vitest installed (symlinked) next to it.
  const project = mkdtempSync(join(tmpdir(), 'optvault-new-'))
  afterAll(() => rmSync(project, { recursive: true, force: true }))
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-desk', type: 'module', private: true }))
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(root, join(project, 'node_modules', 'optvault'), 'dir')
  symlinkSync(join(root, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'), 'dir')
  const folder = join(project, 'strategies', 'my-straddle')

  test('writes the plugin, its config and a test into a new folder', async () => {
    const r = await run('new-strategy', 'my-straddle', '--dir', join(project, 'strategies'))
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Created ${folder}`)
    expect(readdirSync(folder).sort()).toEqual(['index.ts', 'my-straddle.test.ts', 'my-straddle.yaml'])
    expect(readdirSync(join(project, 'strategies'))).toEqual(['my-straddle']) // no temporary folder left behind
    const src = readFileSync(join(folder, 'index.ts'), 'utf8')
    expect(src).toMatch(/from 'optvault'/)
    expect(src).not.toMatch(/engine\/|backtest\//) // a plugin imports only the public entry point
  })

  test('the generated plugin loads by dynamic import, decides, and its config validates', async () => {
    const plugin = (await import(pathToFileURL(join(folder, 'index.ts')).href) as { default: StrategyDefinition }).default
    expect(plugin.name).toBe('my-straddle')
    const cfg = loadConfig(join(folder, 'my-straddle.yaml'), { checkFiles: true, env: {}, strategyParamsSchema: () => plugin.params })
    expect(cfg.strategy.path).toBe(join(folder, 'index.ts'))
    expect(cfg.strategy.params).toEqual({ targetDelta: 0.2, minDaysToExpiry: 5 })
    expect(cfg.data?.bars).toBe(join(root, 'data/samples/btc-usd-1h-sample.csv'))
    expect(cfg.hedge).toMatchObject({ trigger: 'band', band: 0.05, targetDelta: 1 })
    const ctx = fakeContext({ closes: [60_000], expiries: [Date.UTC(2024, 5, 14, 8)], strikes: [60_000, 65_000, 70_000],
      iv: 0.6, navAsset: 10, hedge: { trigger: 'band', band: 0.05, targetDelta: 1 } })
    await plugin.onEpochStart!(ctx, cfg.strategy.params)
    expect(ctx.orders).toMatchObject([{ side: 'sell', instrument: 'BTC-14JUN24-65000-C', qty: 10 }])
    await plugin.onBar!(ctx, cfg.strategy.params) // short 10 x 0.2-delta calls: 0.2 of NAV off target 1, band 0.05
    expect(ctx.hedges).toHaveLength(1)
    expect(ctx.portfolio.delta()).toBeCloseTo(10, 9)
  })

  test('the generated files typecheck under strict settings, and the generated test passes', () => {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: {
      target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
      allowImportingTsExtensions: true, skipLibCheck: true, types: [] }, include: ['strategies'] }))
    const tsc = join(root, 'node_modules', '.bin', 'tsc')
    const out = (() => { try { return execFileSync(tsc, ['-p', project], { encoding: 'utf8' }) } catch (e) { return String((e as { stdout?: string }).stdout) + String(e) } })()
    expect(out).toBe('')
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
    const res = execFileSync(process.execPath, [vitest, 'run', '--root', project, '--reporter', 'dot'], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
    expect(res).toMatch(/2 passed/)
  }, 120_000)

  test('refuses to overwrite an existing folder and changes nothing', async () => {
    const before = readFileSync(join(folder, 'index.ts'), 'utf8')
    writeFileSync(join(folder, 'index.ts'), before + '// my edits\n')
    const r = await run('new-strategy', 'my-straddle', '--dir', join(project, 'strategies'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/already exists; new-strategy never overwrites/)
    expect(r.err).toContain(folder)
    expect(readFileSync(join(folder, 'index.ts'), 'utf8')).toBe(before + '// my edits\n')
    expect(readdirSync(join(project, 'strategies'))).toEqual(['my-straddle'])
  })

  test('rejects a name that is not kebab-case, writing nothing', async () => {
    for (const bad of ['MyStrategy', 'my_strategy', '1st', 'a--b', '../escape']) {
      const r = await run('new-strategy', bad, '--dir', join(project, 'other'))
      expect(r.code, bad).toBe(2)
      expect(r.err).toMatch(/NAME must be kebab-case/)
    }
    expect(existsSync(join(project, 'other'))).toBe(false)
  })
})
