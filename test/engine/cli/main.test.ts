import { describe, expect, test } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}

describe('optvault CLI frame', () => {
  test('--help lists the commands and exits 0', async () => {
    const r = await run('--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain('backtest')
  })

  test('every subcommand answers --help with exit 0', async () => {
    for (const name of ['backtest']) {
      const r = await run(name, '--help')
      expect(r.code, name).toBe(0)
      expect(r.out, name).toContain(`Usage: optvault ${name}`)
    }
  })

  test('an unknown option is bad input: exit 2', async () => {
    const r = await run('backtest', 'x.yaml', '--no-such-flag')
    expect(r.code).toBe(2)
    expect(r.err).toContain('unknown option')
  })

  test('the bin works as a real process, the way npx runs it', () => {
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
