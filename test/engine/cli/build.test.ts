import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// `npm run build` must give JavaScript that runs in plain Node, with no tsx: no .ts import left unrewritten and no
// package whose ESM build Node rejects (@uniswap's extensionless imports; see engine/domain/uniswapSdk.ts).
const root = fileURLToPath(new URL('../../../', import.meta.url))
let out = ''

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'ov-build-'))
  const b = spawnSync('npm', ['run', 'build', '--', '--outDir', out], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  expect(b.status, `${b.stdout}\n${b.stderr}`).toBe(0)
  // lay the output out like an installed package: package.json (type: module, version) and its dependencies beside it
  copyFileSync(join(root, 'package.json'), join(out, 'package.json'))
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir')
  writeFileSync(join(out, 'run.mjs'), "import { main } from './engine/cli/main.js'\nprocess.exitCode = await main(process.argv)\n")
}, 120_000)

afterAll(() => { if (out !== '') rmSync(out, { recursive: true, force: true }) })

/** The built CLI in a plain Node process: no loader, no NODE_OPTIONS that could bring tsx in. */
function runBuilt(...args: string[]) {
  const r = spawnSync(process.execPath, [join(out, 'run.mjs'), ...args], {
    cwd: out, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('npm run build output in plain Node', () => {
  test('the build emitted the CLI as .js', () => {
    expect(existsSync(join(out, 'engine/cli/main.js'))).toBe(true)
    expect(existsSync(join(out, 'engine/domain/uniswapSdk.js'))).toBe(true)
  })

  test('--help lists the commands, --version reads package.json', () => {
    const h = runBuilt('--help')
    expect(h.err).toBe('')
    expect(h.code).toBe(0)
    for (const name of ['price', 'backtest', 'stress', 'margin']) expect(h.out).toContain(name)
    const v = runBuilt('--version')
    expect(v.code).toBe(0)
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  test('price --json: Haug (2007) p.3, call S=60 K=65 T=0.25 r=0.08 vol=0.30 is 2.1334', () => {
    const r = runBuilt('price', '--model', 'bsm', '--type', 'call', '--underlying', '60', '--strike', '65', '--time', '0.25',
      '--vol', '0.3', '--rate', '0.08', '--json')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect((JSON.parse(r.out) as { price: number }).price).toBeCloseTo(2.1334, 4)
  })

  test('stress cascade runs the Uniswap v3 SDK pool in plain Node and agrees with the tsx run', () => {
    const cfg = join(root, 'config/examples/cascade.yaml')
    const built = runBuilt('stress', 'cascade', cfg, '--json')
    expect(built.err).toBe('')
    expect(built.code).toBe(0)
    const viaTsx = spawnSync(process.execPath, [join(root, 'bin/optvault.js'), 'stress', 'cascade', cfg, '--json'], { encoding: 'utf8' })
    expect(viaTsx.status).toBe(0)
    const a = JSON.parse(built.out) as { finalPriceUsd: number; rounds: unknown[] }
    expect(a.rounds.length).toBeGreaterThan(0)
    expect(a).toEqual(JSON.parse(viaTsx.stdout))
  })
})
