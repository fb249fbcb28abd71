import { describe, expect, test } from 'vitest'
import { createRequire } from 'node:module'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FeeAmount, Pool, TICK_SPACINGS, TickMath, Token, encodeSqrtRatioX96, nearestUsableTick } from '../../../engine/domain/uniswapSdk.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(p)
    return e.name.endsWith('.ts') ? [p] : []
  })
}

describe('engine/domain/uniswapSdk.ts: the one door to @uniswap/sdk-core and @uniswap/v3-sdk', () => {
  test('no other file imports either package at run time (type-only imports are erased and allowed)', () => {
    const offenders = ['engine', 'backtest', 'data', 'strategies', 'test'].flatMap((d) => tsFiles(join(root, d)))
      .filter((f) => !f.endsWith(join('engine', 'domain', 'uniswapSdk.ts')))
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8')
        const hits = [...text.matchAll(/^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+['"]@uniswap\/(sdk-core|v3-sdk)['"]|import\(\s*['"]@uniswap\/(sdk-core|v3-sdk)['"]/gm)]
        return hits.map((m) => `${relative(root, f)}: ${m[0].trim()}`)
      })
    expect(offenders).toEqual([])
  })

  test('the values are the CommonJS builds\' own, so v3-sdk\'s instanceof checks accept our tokens', () => {
    const require = createRequire(import.meta.url)
    const v3 = require('@uniswap/v3-sdk') as Record<string, unknown>
    const core = require('@uniswap/sdk-core') as Record<string, unknown>
    expect(Pool).toBe(v3.Pool)
    expect(TickMath).toBe(v3.TickMath)
    expect(Token).toBe(core.Token)
    // A pool at sqrtPriceX96 = 2^96 (tick 0): price 1 raw token1 per raw token0 (Uniswap v3 whitepaper, eq. 6.1 with p = 1).
    const a = new Token(1, '0x0000000000000000000000000000000000000001', 18, 'A')
    const b = new Token(1, '0x0000000000000000000000000000000000000002', 18, 'B')
    const pool = new Pool(a, b, FeeAmount.MEDIUM, encodeSqrtRatioX96(1, 1), 0, 0, [])
    expect(pool.token0Price.toSignificant(6)).toBe('1')
    expect(TickMath.getSqrtRatioAtTick(0).toString()).toBe((1n << 96n).toString())
    expect(nearestUsableTick(65, TICK_SPACINGS[FeeAmount.MEDIUM])).toBe(60)
  })
})
