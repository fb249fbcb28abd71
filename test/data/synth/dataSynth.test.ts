// Tests for engine/cli/commands/dataSynth.ts (`optvault data synth`), kept next to the generator tests.
import { describe, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { volIndexPath } from '../../../engine/cli/commands/dataSynth.ts'

const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'data', 'synth', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
const tmp = () => mkdtempSync(join(tmpdir(), 'ov-synth-'))
const gbmArgs = (out: string, seed = '7') => ['--model', 'gbm', '--spot', '40000', '--vol', '0.6', '--drift', '0.1', '--bar', '1h', '--days', '3', '--seed', seed, '--out', out]

describe('optvault data synth', () => {
  test('gbm writes the canonical bars CSV on the hourly UTC grid', async () => {
    const out = join(tmp(), 'gbm.csv')
    const r = await run(...gbmArgs(out))
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('wrote 72 1h gbm bars (seed 7)')
    const lines = readFileSync(out, 'utf8').split('\n')
    expect(lines[0]).toBe('ts,open,high,low,close,volume')
    expect(lines).toHaveLength(1 + 72 + 1) // header, bars, and the empty string after the final newline
    expect(lines[1]).toMatch(/^2024-01-01T00:00:00\.000Z,40000,/)
    expect(lines[72]).toMatch(/^2024-01-03T23:00:00\.000Z,/)
    for (const line of lines.slice(1, -1)) {
      const [o, h, l, c, v] = line.split(',').slice(1).map(Number) as [number, number, number, number, number]
      expect(l <= Math.min(o, c) && h >= Math.max(o, c) && v > 0, line).toBe(true)
    }
  })

  test('same seed gives byte-identical files, also across separate processes; another seed differs', async () => {
    const dir = tmp()
    await run(...gbmArgs(join(dir, 'a.csv')))
    await run(...gbmArgs(join(dir, 'b.csv')))
    await run(...gbmArgs(join(dir, 'c.csv'), '8'))
    execFileSync(process.execPath, [bin, 'data', 'synth', ...gbmArgs(join(dir, 'd.csv'))])
    const a = readFileSync(join(dir, 'a.csv'))
    expect(readFileSync(join(dir, 'b.csv')).equals(a)).toBe(true)
    expect(readFileSync(join(dir, 'd.csv')).equals(a)).toBe(true)
    expect(readFileSync(join(dir, 'c.csv')).equals(a)).toBe(false)
  })

  test('heston also writes the vol index next to the bars, one row per bar', async () => {
    const dir = tmp()
    const out = join(dir, 'h.csv')
    const r = await run('--model', 'heston', '--spot', '100', '--vol', '0.5', '--theta', '0.36', '--kappa', '3',
      '--xi', '0.4', '--rho', '-0.2', '--bar', '1d', '--days', '30', '--seed', '3', '--out', out, '--json')
    expect(r.code, r.err).toBe(0)
    expect(volIndexPath(out)).toBe(join(dir, 'h.vol.csv'))
    expect(JSON.parse(r.out)).toEqual({ model: 'heston', bars: 30, bar: '1d', seed: '3', out, vol: join(dir, 'h.vol.csv') })
    const vol = readFileSync(join(dir, 'h.vol.csv'), 'utf8').trim().split('\n')
    const bars = readFileSync(out, 'utf8').trim().split('\n')
    expect(vol[0]).toBe('ts,vol')
    expect(vol).toHaveLength(bars.length)
    vol.slice(1).forEach((line, i) => {
      const [ts, v] = line.split(',')
      expect(ts).toBe((bars[i + 1] as string).split(',')[0])
      expect(Number(v)).toBeGreaterThanOrEqual(0)
      expect(Number(v)).toBeLessThan(3)
    })
  })

  test('merton with its jump flags and a custom start and bar', async () => {
    const out = join(tmp(), 'm.csv')
    const r = await run('--model', 'merton', '--spot', '2000', '--vol', '0.7', '--jump-intensity', '30', '--jump-mean', '-0.05',
      '--jump-vol', '0.1', '--bar', '1m', '--days', '1', '--start', '2024-03-01T00:00:00Z', '--seed', '18446744073709551615', '--out', out)
    expect(r.code, r.err).toBe(0)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(1 + 1440)
    expect(lines[1]).toMatch(/^2024-03-01T00:00:00\.000Z,2000,/)
    expect(lines[1440]).toMatch(/^2024-03-01T23:59:00\.000Z,/)
  })

  test.each([
    [['--spot', 'abc'], '--spot', 'must be a positive price, got "abc"'],
    [['--spot', '-5'], '--spot', 'must be a positive price'],
    [['--vol', '60%'], '--vol', 'must be a vol >= 0 as a fraction'],
    [['--model', 'sabr'], '--model', 'must be one of gbm, heston, merton'],
    [['--bar', '5m'], '--bar', 'must be 1m, 1h or 1d, got "5m"'],
    [['--days', '1.5'], '--days', 'must be a whole number of days > 0'],
    [['--days', '4000', '--bar', '1m'], '--days', 'gives 5760000 1m bars, more than the 5000000 this command writes'],
    [['--seed', '-1'], '--seed', 'must be a whole number from 0 to 2^64-1'],
    [['--seed', '18446744073709551616'], '--seed', 'must be a whole number from 0 to 2^64-1'],
    [['--start', 'yesterday'], '--start', 'is not a date'],
    [['--start', '2024-01-01T00:30:00Z'], '--start', '2024-01-01T00:30:00.000Z is not on the 1h bar grid'],
    [['--kappa', '2'], '--kappa', 'only applies to --model heston'],
    [['--jump-vol', '0.1'], '--jump-vol', 'only applies to --model merton'],
    [['--sub-steps', '0'], '--sub-steps', 'must be a whole number from 1 to 100000'],
  ])('bad flag %j: exit 2, names the flag, writes nothing', async (override, flag, message) => {
    const dir = tmp()
    const args = gbmArgs(join(dir, 'x.csv'))
    for (let i = 0; i < override.length; i += 2) {
      const at = args.indexOf(override[i] as string)
      if (at >= 0) args[at + 1] = override[i + 1] as string
      else args.push(override[i] as string, override[i + 1] as string)
    }
    const r = await run(...args)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${flag} ${message}`)
    expect(r.err).toContain(`Where: command line ${flag}`)
    expect(readdirSync(dir)).toEqual([])
  })

  test('missing required flags and heston-specific ranges are named too', async () => {
    const out = join(tmp(), 'x.csv')
    let r = await run('--model', 'gbm', '--vol', '0.5', '--days', '1', '--out', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain('--spot is required')
    r = await run('--model', 'gbm', '--spot', '1', '--vol', '0.5', '--days', '1')
    expect(r.err).toContain('--out is required')
    r = await run('--model', 'heston', '--spot', '1', '--vol', '0.5', '--days', '1', '--rho', '1.5', '--out', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain('--rho must be a correlation from -1 to 1, got "1.5"')
    expect(existsSync(out)).toBe(false)
  })

  test('--help documents the vol index file and exits 0', async () => {
    const r = await run('--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain('.vol.csv')
    expect(r.out).toContain('--jump-intensity')
  })
})
