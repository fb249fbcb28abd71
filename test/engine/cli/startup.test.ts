import { describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../../bin/optvault.js', import.meta.url))
const recorder = fileURLToPath(new URL('./support/recordModules.mjs', import.meta.url))

// Packages that cost hundreds of ms to a second and a half each to load; every command loads its own on use.
const HEAVY = ['ccxt', 'danfojs', 'danfojs-node', 'ethers', 'hardhat', '@uniswap/sdk-core', '@uniswap/v3-sdk', 'zod', 'piscina',
  'bullmq', 'ioredis', 'better-sqlite3', 'hyparquet', 'csv-parse', 'yaml', 'pino', 'cli-progress', 'solc']

/** Runs the real bin with the recorder preloaded; returns its output and every module URL or path it loaded. */
function runRecorded(...args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const out = join(mkdtempSync(join(tmpdir(), 'ov-startup-')), 'modules.txt')
  const r = spawnSync(process.execPath, ['--import', recorder, bin, ...args], {
    encoding: 'utf8', env: { ...process.env, OPTVAULT_RECORD_MODULES: out }, timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, loaded: readFileSync(out, 'utf8').split('\n').filter(Boolean) }
}

/** The npm packages among loaded URLs/paths, by the folder after the last node_modules/. */
const packagesOf = (loaded: readonly string[]): Set<string> =>
  new Set(loaded.flatMap((u) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(decodeURIComponent(u))
    return m ? [m[1] as string] : []
  }))

describe('CLI start-up loads only commander and the command frame', () => {
  test('--help lists every command without loading ccxt, danfojs, ethers, hardhat, @uniswap or the other heavy packages', () => {
    const r = runRecorded('--help')
    expect(r.status).toBe(0)
    for (const name of ['price', 'backtest', 'margin', 'stress', 'sweep', 'live', 'data']) expect(r.stdout).toContain(name)
    const pkgs = packagesOf(r.loaded)
    // the recorder works: it saw the packages start-up does need
    expect(pkgs.has('commander')).toBe(true)
    expect(pkgs.has('tsx')).toBe(true)
    expect(HEAVY.filter((p) => pkgs.has(p))).toEqual([])
  })

  test('the recorder sees a heavy package when a command does load it (stress cascade loads @uniswap)', () => {
    const cfg = fileURLToPath(new URL('../../../config/examples/cascade.yaml', import.meta.url))
    const r = runRecorded('stress', 'cascade', cfg, '--json')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toHaveProperty('finalPriceUsd')
    const pkgs = packagesOf(r.loaded)
    expect(pkgs.has('@uniswap/v3-sdk')).toBe(true)
    expect(pkgs.has('yaml')).toBe(true)
  })

  test('each command\'s --help loads nothing heavy either', () => {
    for (const cmd of [['price'], ['backtest'], ['margin'], ['stress', 'cascade'], ['config', 'validate'], ['data', 'fetch'], ['sweep']]) {
      const r = runRecorded(...cmd, '--help')
      expect(r.status, cmd.join(' ')).toBe(0)
      expect(r.stdout, cmd.join(' ')).toContain(`Usage: optvault ${cmd.join(' ')}`)
      const pkgs = packagesOf(r.loaded)
      expect(HEAVY.filter((p) => pkgs.has(p)), cmd.join(' ')).toEqual([])
    }
  })
})
