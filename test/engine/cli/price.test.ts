import { describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { GREEK_KEYS } from '../../../engine/domain/pricing/types.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'

const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const csv = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ov-price-')), 'cases.csv')
  writeFileSync(file, text)
  return file
}
const HEADER = 'model,type,underlying,strike,time,vol,rate,div\n'

describe('optvault price', () => {
  test('one option: Haug (2007) p.3 example, call S=60 K=65 T=0.25 r=0.08 vol=0.30 is 2.1334', async () => {
    const r = await run('price', '--model', 'bsm', '--type', 'call', '--underlying', '60', '--strike', '65',
      '--time', '0.25', '--vol', '0.3', '--rate', '0.08', '--json')
    expect(r.code).toBe(0)
    const obj = JSON.parse(r.out) as Record<string, number>
    expect(Object.keys(obj)).toEqual([...GREEK_KEYS])
    expect(obj.price).toBeCloseTo(2.1334, 4)
  })

  test('human output names units and scaled views', async () => {
    const r = await run('price', '--model', 'black76', '--type', 'put', '--underlying', '3000', '--strike', '3200',
      '--time', '0.05', '--vol', '0.65', '--rate', '0.01')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/vega\s+\S+\s+per 1\.00 vol/)
    expect(r.out).toMatch(/theta\s+\S+\s+per year/)
  })

  test('--file prints one NDJSON object per row, in order, equal to the library', async () => {
    const rows = [
      ['bsm', 'call', 100, 110, 0.5, 0.2, 0.03, 0.01],
      ['black76', 'put', 3000, 2500, 0.1, 0.8, 0.05, 0],
      ['inverse', 'call', 60000, 70000, 0.02, 0.6, 0, 0],
    ] as const
    const file = csv(HEADER + rows.map((r) => r.join(',')).join('\n') + '\n')
    const r = await run('price', '--file', file, '--json')
    expect(r.code).toBe(0)
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>)
    expect(lines).toHaveLength(3)
    rows.forEach(([model, kind, underlying, strike, tYears, sigma, rate, div], i) => {
      const g = optionGreeks({ model, kind, underlying, strike, tYears, sigma, rate, div })
      expect(Object.keys(lines[i] ?? {})).toEqual([...GREEK_KEYS])
      for (const k of GREEK_KEYS) expect(lines[i]?.[k]).toBe(g[k])
    })
  })

  test.each([
    ['a non-number', 'bsm,call,100,100,0.5,abc,0.01,0', 'vol', 'must be a number'],
    ['a negative vol', 'bsm,call,100,100,0.5,-0.2,0.01,0', 'vol', 'must not be negative'],
    ['a negative time', 'bsm,put,100,100,-1,0.2,0.01,0', 'time', 'must not be negative'],
    ['an unknown model', 'heston,call,100,100,0.5,0.2,0.01,0', 'model', 'must be one of'],
    ['an unknown type', 'bsm,straddle,100,100,0.5,0.2,0.01,0', 'type', 'must be call or put'],
    ['an empty field', 'bsm,call,,100,0.5,0.2,0.01,0', 'underlying', 'is missing'],
  ])('%s: exit 2, stderr names file:line and the field, stdout empty', async (_what, bad, field, problem) => {
    const file = csv(HEADER + 'bsm,call,100,100,0.5,0.2,0.01,0\n' + bad + '\n')
    const r = await run('price', '--file', file, '--json')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(`${file}:3`)
    expect(r.err).toContain(field)
    expect(r.err).toContain(problem)
  })

  test('a missing column: exit 2 naming the column', async () => {
    const file = csv('model,type,underlying,strike,time,rate\nbsm,call,100,100,1,0\n')
    const r = await run('price', '--file', file, '--json')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(`${file}:1`)
    expect(r.err).toContain('vol column is missing')
  })

  test('a missing flag names the flag', async () => {
    const r = await run('price', '--model', 'bsm', '--type', 'call', '--underlying', '100', '--strike', '100', '--time', '1')
    expect(r.code).toBe(2)
    expect(r.err).toContain('--vol')
  })

  test('as a real process: exit code 2 and nothing on stdout', () => {
    const file = csv(HEADER + 'bsm,call,100,100,0.5,x,0.01,0\n')
    const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
    const p = spawnSync(process.execPath, [bin, 'price', '--file', file, '--json'], { encoding: 'utf8' })
    expect(p.status).toBe(2)
    expect(p.stdout).toBe('')
    expect(p.stderr).toContain(`${file}:2`)
  })
})
