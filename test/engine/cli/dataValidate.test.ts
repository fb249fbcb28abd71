import { describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'data', 'validate', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const shared = (name: string): string => fileURLToPath(new URL(`../../../../shared/data/${name}`, import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'ov-validate-'))

describe('optvault data validate', () => {
  test('a clean file: summary with rows, first/last, bar size, gaps; exit 0', async () => {
    const r = await run(fileURLToPath(new URL('../../../data/samples/btc-usd-1h-sample.csv', import.meta.url)))
    expect(r.code).toBe(0)
    expect(r.out).toContain('rows: 8760')
    expect(r.out).toContain('first: 2024-01-01T00:00:00.000Z')
    expect(r.out).toContain('bar size: 1h')
    expect(r.out).toContain('gaps: none')
    expect(r.out).toContain('problems: 0 error(s), 0 warning(s)')
  })

  test('gaps: exit 2 under the default error policy, 0 with --gaps skip (warnings), counted either way', async () => {
    const strict = await run(shared('btc-usdt-5m-binance.json'))
    expect(strict.code).toBe(2)
    expect(strict.out).toContain('gaps: 6 (177 missing bars')
    expect(strict.err).toContain('btc-usdt-5m-binance.json:1:open_time_ms [0]')
    expect(strict.err).toContain('--gaps skip')
    const lax = await run(shared('btc-usdt-5m-binance.json'), '--gaps', 'skip')
    expect(lax.code).toBe(0)
    expect(lax.out).toContain('0 error(s), 6 warning(s)')
  })

  test('--json prints a machine-readable report', async () => {
    const r = await run(shared('btc-dvol-1d-deribit.json'), '--gaps', 'forward-fill', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as { kind: string; rows: number; ok: boolean; firstTs: string; gaps: { count: number; filled: number } }
    expect(j).toMatchObject({ kind: 'vol', rows: 1102, ok: true, firstTs: '2022-11-06T00:00:00.000Z', gaps: { count: 1, filled: 1 } })
  })

  test('a bad row: exit 2, stdout lists it, stderr names file:line:column and the value', async () => {
    const p = join(dir, 'bad.csv')
    writeFileSync(p, 'ts,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,110,95,105,1\n2024-01-01T01:00:00Z,105,104,101,103,1\n')
    const r = await run(p)
    expect(r.code).toBe(2)
    expect(r.out).toContain(`error ${p}:3:high`)
    expect(r.err).toContain(`Where: ${p}:3:high`)
    expect(r.err).toContain('104')
  })

  test('--kind mismatch, a bad --kind or --gaps, and a missing file are bad input (exit 2)', async () => {
    expect((await run(shared('btc-dvol-1d-deribit.json'), '--kind', 'bars')).code).toBe(2)
    expect((await run(shared('btc-dvol-1d-deribit.json'), '--kind', 'candles')).err).toContain('must be one of bars, vol, chain, funding, gas')
    expect((await run(shared('btc-dvol-1d-deribit.json'), '--gaps', 'ignore')).code).toBe(2)
    const missing = await run(join(dir, 'none.csv'))
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('does not exist')
  })
})
