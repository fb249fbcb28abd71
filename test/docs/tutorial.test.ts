/** Runs docs/writing-a-strategy.md: every ```ts and ```yaml block carries `file=PATH` and is written, in order, into
 * a user project outside the repo (optvault and vitest linked into its node_modules). Each version of the plugin
 * is typechecked, imported and run on a hand-built market; the config is validated against the plugin's schema;
 * the tutorial's own test file is run with vitest; and the backtest command it shows is run when the backtester
 * is present. So the tutorial cannot rot without this test failing. */
import { afterAll, describe, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../../engine/config/loadConfig.ts'
import { main } from '../../engine/cli/main.ts'
import { bufferIo } from '../../engine/cli/io.ts'
import type { StrategyDefinition } from '../../engine/plugin/index.ts'
import { fakeContext } from '../strategies/support/fakeContext.ts'

const root = join(import.meta.dirname, '../..')
const doc = readFileSync(join(root, 'docs/writing-a-strategy.md'), 'utf8')

interface Block { lang: string; file: string | undefined; code: string; line: number }
const blocks: Block[] = [...doc.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1]!, file: /file=(\S+)/.exec(m[2]!)?.[1], code: m[3]!, line: doc.slice(0, m.index).split('\n').length,
}))
const shell = blocks.filter((b) => b.lang === 'sh').map((b) => b.code).join('\n')

const project = mkdtempSync(join(tmpdir(), 'optvault-tutorial-'))
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-desk', type: 'module', private: true }))
mkdirSync(join(project, 'node_modules'))
symlinkSync(root, join(project, 'node_modules', 'optvault'), 'dir')
symlinkSync(join(root, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'), 'dir')
writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: {
  target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
  allowImportingTsExtensions: true, skipLibCheck: true, types: [] }, include: ['weekly-strangle'] }))

function typecheck(): string {
  try {
    return execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', project], { encoding: 'utf8' })
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e)
  }
}

/** Epoch start on a BTC market at 60,000 with a full chain, then a bar after a 10% rally; returns what it did. */
async function exercise(plugin: StrategyDefinition, params: unknown) {
  const ctx = fakeContext({ closes: [59_500, 60_000, 66_000], at: 1, nowMs: Date.UTC(2024, 5, 7, 8),
    expiries: [Date.UTC(2024, 5, 14, 8), Date.UTC(2024, 5, 21, 8)],
    strikes: Array.from({ length: 41 }, (_, i) => 40_000 + i * 1000), iv: 0.6, navAsset: 10, bidDiscount: 0.02,
    hedge: { trigger: 'band', band: 0.05, targetDelta: 1 } })
  await plugin.onEpochStart?.(ctx, params)
  ctx.moveTo(2)
  await plugin.onBar?.(ctx, params)
  return ctx
}

describe('docs/writing-a-strategy.md', () => {
  afterAll(() => rmSync(project, { recursive: true, force: true }))

  test('every TypeScript and YAML block names the file it belongs in', () => {
    const code = blocks.filter((b) => b.lang === 'ts' || b.lang === 'yaml')
    expect(code.length).toBeGreaterThanOrEqual(5)
    for (const b of code) expect(b.file, `block at docs/writing-a-strategy.md:${b.line}`).toBeDefined()
    expect(blocks.every((b) => ['ts', 'yaml', 'sh', 'text'].includes(b.lang))).toBe(true)
  })

  test('each step runs: plugin versions typecheck, load and trade; the config validates; the tutorial test passes', async () => {
    let plugin: StrategyDefinition | undefined
    let version = 0
    const did: string[][] = []
    for (const b of blocks) {
      if (b.file === undefined) continue
      const path = join(project, b.file)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, b.code)
      const where = `docs/writing-a-strategy.md:${b.line}`
      if (b.lang === 'ts' && !b.file.endsWith('.test.ts')) {
        expect(typecheck(), where).toBe('')
        // a query string gives each version its own module instance
        const mod = await import(`${pathToFileURL(path).href}?v=${++version}`) as { default: StrategyDefinition }
        plugin = mod.default
        expect(plugin.name, where).toBe('weekly-strangle')
        expect(plugin.apiVersion, where).toBe(1)
        const ctx = await exercise(plugin, plugin.params.parse({}))
        did.push(ctx.orders.map((o) => `${o.side} ${o.instrument} ${o.qty}`).concat(ctx.hedges.map((h) => `hedge ${h.target}`)))
      } else if (b.lang === 'yaml') {
        const cfg = loadConfig(path, { checkFiles: true, env: {}, strategyParamsSchema: () => plugin!.params })
        expect(cfg.strategy.path, where).toBe(join(project, 'weekly-strangle/index.ts'))
        expect(cfg.strategy.params, where).toMatchObject({ delta: 0.15, sizePctOfNav: 50, minPremium: 0.004, minDaysToExpiry: 5 })
        expect(cfg.hedge, where).toMatchObject({ trigger: 'band', band: 0.05, targetDelta: 1 })
      }
    }
    // step 1 sells one 0.2-delta call; step 2 a strangle on half the NAV; step 3 also hedges the delta the rally
    // gave the short strangle (the short call's delta grew, the short put's shrank)
    expect(did).toHaveLength(3)
    expect(did[0]).toEqual(['sell BTC-14JUN24-65000-C 1'])
    expect(did[1]).toHaveLength(2)
    expect(did[1]!.every((o) => o.startsWith('sell ') && o.endsWith(' 5'))).toBe(true)
    expect(did[1]!.some((o) => o.includes('-P '))).toBe(true)
    expect(did[2]!.slice(0, 2)).toEqual(did[1])
    expect(did[2]![2]).toBe('hedge 1')

    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
    const res = execFileSync(process.execPath, [vitest, 'run', '--root', project, '--reporter', 'dot'], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
    expect(res).toMatch(/2 passed/)
  }, 120_000)

  test('the shell steps use commands that exist, and `config validate` accepts the config', async () => {
    for (const cmd of ['optvault config validate', 'optvault backtest', 'optvault new-strategy']) expect(doc).toContain(cmd)
    expect(shell).toContain('npx optvault config validate weekly-strangle/weekly-strangle.yaml')
    const io = bufferIo()
    expect(await main(['node', 'optvault', 'config', 'validate', join(project, 'weekly-strangle/weekly-strangle.yaml')], io)).toBe(0)
    expect(io.stdout()).toMatch(/^OK /)
  })

  // The backtester is built in parallel with this tutorial: run its step whenever it is in the tree.
  const backtester = existsSync(join(root, 'backtest/loop/backtestFromConfig.ts'))
  test.runIf(backtester)('the backtest step runs the tutorial strategy and trades', async () => {
    const m = /npx optvault backtest (\S+) --from (\S+) --to (\S+)/.exec(shell)
    expect(m).not.toBeNull()
    const out = join(project, 'out')
    const io = bufferIo()
    const code = await main(['node', 'optvault', 'backtest', join(project, m![1]!), '--from', m![2]!, '--to', m![3]!,
      '--out', out, '--quiet', '--json'], io)
    expect(io.stderr()).toBe('')
    expect(code).toBe(0)
    const s = JSON.parse(io.stdout()) as { strategy: string; start: string; vault: { epochs: number; trades: number; premiumCollected: number } }
    expect(s.strategy).toBe('weekly-strangle')
    expect(s.start.startsWith('2024-01-01')).toBe(true)
    expect(s.vault.epochs).toBeGreaterThanOrEqual(12) // 13 weeks of Friday rolls in Q1 2024
    expect(s.vault.trades).toBeGreaterThan(0)
    expect(s.vault.premiumCollected).toBeGreaterThan(0)
    for (const f of ['summary.json', 'trades.csv', 'epochs.csv', 'equity.csv', 'attribution.csv', 'report.html']) {
      expect(existsSync(join(out, f)), f).toBe(true)
    }
  }, 120_000)
})
