import { describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { optionPrice } from '../../../engine/domain/pricing/optionGreeks.ts'

const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const csv = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ov-iv-')), 'cases.csv')
  writeFileSync(file, text)
  return file
}

describe('optvault iv', () => {
  test('recovers the vol of prices from every model, and reports out-of-bounds rows as errors', async () => {
    const cases = [
      { model: 'bsm', kind: 'call', underlying: 100, strike: 120, tYears: 0.25, sigma: 0.35, rate: 0.02, div: 0.01 },
      { model: 'black76', kind: 'put', underlying: 3000, strike: 2800, tYears: 1, sigma: 0.9, rate: 0.04, div: 0 },
      { model: 'inverse', kind: 'call', underlying: 60000, strike: 65000, tYears: 7 / 365, sigma: 0.55, rate: 0, div: 0 },
    ] as const
    const lines = cases.map((c) => [c.model, c.kind, c.underlying, c.strike, c.tYears, optionPrice(c), c.rate, c.div].join(','))
    // a call worth less than intrinsic, and one worth more than the spot
    lines.push('bsm,call,100,50,1,10,0,0', 'bsm,call,100,50,1,150,0,0')
    const file = csv('model,type,underlying,strike,time,price,rate,div\n' + lines.join('\n') + '\n')
    const r = await run('iv', '--file', file, '--json')
    expect(r.code).toBe(0)
    const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as { iv?: number; error?: string })
    expect(out).toHaveLength(5)
    cases.forEach((c, i) => expect(Math.abs((out[i]?.iv ?? NaN) - c.sigma)).toBeLessThan(1e-10))
    expect(out[3]?.error).toMatch(/below intrinsic/i)
    expect(out[4]?.error).toMatch(/above/i)
    expect(Object.keys(out[3] ?? {})).toEqual(['error'])
  })

  test('a malformed price is bad input, not an iv error', async () => {
    const file = csv('model,type,underlying,strike,time,price,rate,div\nbsm,call,100,100,1,cheap,0,0\n')
    const r = await run('iv', '--file', file, '--json')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(`${file}:2`)
    expect(r.err).toContain('price')
  })

  test('one price from flags', async () => {
    const r = await run('iv', '--model', 'bsm', '--type', 'put', '--underlying', '100', '--strike', '100',
      '--time', '1', '--price', String(optionPrice({ model: 'bsm', kind: 'put', underlying: 100, strike: 100, tYears: 1, sigma: 0.2, rate: 0 })), '--json')
    expect(r.code).toBe(0)
    expect((JSON.parse(r.out) as { iv: number }).iv).toBeCloseTo(0.2, 12)
  })
})
