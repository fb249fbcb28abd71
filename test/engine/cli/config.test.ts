import { describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const bin = join(root, 'bin/optvault.js')
const run = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}

function tempConfig(text: string, files: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'optvault-cli-config-'))
  for (const f of files) writeFileSync(join(dir, f), 'ts,close\n')
  const file = join(dir, 'vault.yaml')
  writeFileSync(file, text)
  return file
}

const GOOD = [
  'vault: { asset: BTC, initialNav: 10 }', //        1
  'strategy: { name: covered-call }', //              2
  'data: { bars: bars.csv, vol: vol.csv }', //        3
  'hedge: { trigger: band, band: 0.05 }', //          4
  '',
].join('\n')
const BAD = [
  'vault: { asset: BTC, initialNav: 10 }', //        1
  'strategy: { name: covered-call }', //              2
  'data: { bars: bars.csv, vol: vol.csv }', //        3
  'hedge:', //                                        4
  '  trigger: band', //                               5
  '  band: 5', //                                     6
  '  triger: 1', //                                    7
  '',
].join('\n')

describe('optvault config validate', () => {
  test('a good config prints OK and a summary, exit 0', async () => {
    const file = tempConfig(GOOD, ['bars.csv', 'vol.csv'])
    const r = await run('config', 'validate', file)
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toBe(`OK ${file}`)
    expect(r.out).toContain('vault     BTC, collateral underlying, initial NAV 10 BTC, weekly epochs ending friday 08:00 UTC, no fees')
    expect(r.out).toContain('hedge     perp to delta 0, trigger band')
    expect(r.err).toBe('')
  })

  test('every error with file:line:column on stderr, exit 2', async () => {
    const file = tempConfig(BAD, ['bars.csv', 'vol.csv'])
    const r = await run('config', 'validate', file)
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(`error: ${file} has 2 errors:`)
    expect(r.err).toContain(`1. hedge.band must be a fraction between 0 and 1, got 5.\nWhere: ${file}:6:9`)
    expect(r.err).toContain(`2. hedge.triger is not a known key of hedge.\nWhere: ${file}:7:3\nFix: did you mean "trigger"?`)
  })

  test('--json prints the errors as data, still exit 2', async () => {
    const file = tempConfig(BAD, ['bars.csv', 'vol.csv'])
    const r = await run('config', 'validate', file, '--json')
    expect(r.code).toBe(2)
    const j = JSON.parse(r.out) as { ok: boolean; errors: { line: number; col: number; field: string }[] }
    expect(j.ok).toBe(false)
    expect(j.errors.map((e) => `${e.line}:${e.col} ${e.field}`)).toEqual(['6:9 hedge.band', '7:3 hedge.triger'])
  })

  test('--json on a good config prints it with defaults and secrets redacted', async () => {
    const file = tempConfig(`${GOOD}execution:\n  credentials: { apiKey: "\${OPTVAULT_TEST_KEY:-key-from-default-123}" }\n`, ['bars.csv', 'vol.csv'])
    const r = await run('config', 'validate', file, '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as { ok: boolean; config: { execution: { credentials: { apiKey: string } }; iv: { source: string } } }
    expect(j.ok).toBe(true)
    expect(j.config.iv.source).toBe('index')
    expect(j.config.execution.credentials.apiKey).toBe('[redacted]')
    expect(r.out).not.toContain('key-from-default-123')
  })

  test('missing data files fail by default and pass with --no-check-files', async () => {
    const file = tempConfig(GOOD, ['bars.csv'])
    const strict = await run('config', 'validate', file)
    expect(strict.code).toBe(2)
    expect(strict.err).toContain(`data.vol names ${join(file, '..', 'vol.csv')}, which does not exist.\nWhere: ${file}:3:30`)
    expect((await run('config', 'validate', file, '--no-check-files')).code).toBe(0)
  })

  test('a config file that does not exist: exit 2, naming it', async () => {
    const r = await run('config', 'validate', 'nope/missing.yaml')
    expect(r.code).toBe(2)
    expect(r.err).toContain('config file does not exist.\nWhere: nope/missing.yaml')
  })

  test('the shipped quick-start config validates through the real bin', () => {
    const p = spawnSync(process.execPath, [bin, 'config', 'validate', 'config/covered-call.yaml', '--no-check-files'], { cwd: root, encoding: 'utf8' })
    expect(p.stderr).toBe('')
    expect(p.status).toBe(0)
    expect(p.stdout.split('\n')[0]).toBe('OK config/covered-call.yaml')
  })
})

describe('optvault config schema', () => {
  test('prints exactly the committed config/schema.json', async () => {
    const r = await run('config', 'schema')
    expect(r.code).toBe(0)
    expect(r.out).toBe(readFileSync(join(root, 'config/schema.json'), 'utf8'))
    expect((JSON.parse(r.out) as { title: string }).title).toBe('optvault config')
  })
})

describe('optvault config validate: strategy params', () => {
  test("checks strategy.params with the strategy's own schema, at the key's position", async () => {
    const file = tempConfig([
      'vault: { asset: BTC, initialNav: 10 }', //  1
      'strategy:', //                              2
      '  name: covered-call', //                   3
      '  params:', //                              4
      '    targetDelta: 0.2', //                   5
      '    targetDelt: 3', //                      6
      'data: { bars: bars.csv, vol: vol.csv }', // 7
      '',
    ].join('\n'), ['bars.csv', 'vol.csv'])
    const r = await run('config', 'validate', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${file}:6:5`)
    expect(r.err).toContain('strategy.params.targetDelt')
    expect(r.err).toContain('did you mean "targetDelta"')
  })

  test('an out-of-range param is reported too', async () => {
    const file = tempConfig('vault: { asset: BTC, initialNav: 10 }\nstrategy:\n  name: covered-call\n  params: { targetDelta: 0.9 }\ndata: { bars: bars.csv, vol: vol.csv }\n', ['bars.csv', 'vol.csv'])
    const r = await run('config', 'validate', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain('strategy.params.targetDelta')
  })
})
