import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { createExchange } from '../../../data/fetch/createExchange.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** `optvault sandbox ARGS` as a child process: everything it prints so far, the first match of `re` in it (waited
 * for up to `ms`), and its exit code once it closed. */
function sandbox(...args: string[]) {
  const c = spawn(process.execPath, ['bin/optvault.js', 'sandbox', ...args], { cwd: ROOT })
  let out = ''
  c.stdout.on('data', (d) => { out += String(d) })
  c.stderr.on('data', (d) => { out += String(d) })
  const closed = new Promise<number | null>((resolve) => c.on('close', (code) => resolve(code)))
  const printed = (re: RegExp, ms: number) => new Promise<RegExpExecArray>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`nothing matching ${re} printed: ${out}`)), ms)
    const check = () => { const m = re.exec(out); if (m) { clearTimeout(t); c.stdout.off('data', check); resolve(m) } }
    c.stdout.on('data', check)
    check()
  })
  return { out: () => out, printed, closed, stop: () => c.kill('SIGTERM') }
}

test('optvault sandbox: prints a 127.0.0.1 endpoint that real ccxt can trade on, stops on SIGTERM', async () => {
  const sb = sandbox('--no-chain', '--port', '0')
  try {
    const url = (await sb.printed(/deribit +(http:\/\/127\.0\.0\.1:\d+)\/api\/v2/, 30_000))[1]!
    expect(sb.out()).toMatch(/key sandbox-key, secret sandbox-secret/)
    const ex = createExchange('deribit', { baseUrl: url, apiKey: 'sandbox-key', secret: 'sandbox-secret', rateLimitMs: 1 })
    await ex.loadMarkets()
    const o = await ex.createOrder('BTC/USD:BTC', 'market', 'buy', 100, undefined, { label: 'ov-cli' })
    expect(o.status).toBe('closed')
    expect((await ex.fetchBalance())['BTC']!.total).toBeLessThan(10) // paid the taker fee out of the 10 BTC
  } finally {
    sb.stop()
  }
  expect(await sb.closed).toBe(0)
  expect(sb.out()).toMatch(/sandbox stopped\n$/)
}, 60_000)

test('a bad port is input error 2 naming the flag', async () => {
  const io = bufferIo()
  expect(await main(['node', 'optvault', 'sandbox', '--no-chain', '--port', 'abc'], io)).toBe(2)
  expect(io.stderr()).toMatch(/--port must be a port number from 0 to 65535, got "abc"/)
})

test('with the chain: the local EVM answers on 127.0.0.1 with Uniswap v3 and the price feed deployed', async () => {
  const sb = sandbox('--port', '0', '--chain-port', '0')
  try {
    await sb.printed(/btcUsdFeed +0x[0-9a-fA-F]{40}/, 120_000)
    const rpc = /chain +(http:\/\/127\.0\.0\.1:\d+) +\(chain id (\d+)\)/.exec(sb.out())!
    const call = async (method: string, params: unknown[]) => ((await (await fetch(rpc[1]!, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })).json()) as { result: string }).result
    expect(Number(await call('eth_chainId', []))).toBe(Number(rpc[2]))
    for (const name of ['router', 'pool', 'btcUsdFeed']) {
      const addr = new RegExp(`${name} +(0x[0-9a-fA-F]{40})`).exec(sb.out())![1]!
      expect((await call('eth_getCode', [addr, 'latest'])).length, `${name} has code`).toBeGreaterThan(2)
    }
    // what config/sandbox-onchain.yaml needs, printed as shell exports: the RPC of this run, and the addresses its
    // defaults already hold (the deployer and its order are fixed)
    expect(sb.out()).toContain(`export OPTVAULT_CHAIN_RPC=${rpc[1]}\n`)
    const yaml = readFileSync(new URL('../../../config/sandbox-onchain.yaml', import.meta.url), 'utf8')
    for (const [env, name] of [['OPTVAULT_CHAIN_ROUTER', 'router'], ['OPTVAULT_CHAIN_POOL', 'pool'], ['OPTVAULT_CHAIN_FEED', 'btcUsdFeed']] as const) {
      const addr = new RegExp(`${name} +(0x[0-9a-fA-F]{40})`).exec(sb.out())![1]!
      expect(sb.out()).toContain(`export ${env}=${addr}\n`)
      expect(yaml).toContain(`\${${env}:-${addr}}`)
    }
  } finally {
    sb.stop()
  }
  expect(await sb.closed).toBe(0)
}, 180_000)

test('optvault sandbox --no-keeper: the chain starts without the arbitrageur (the keeper line names none)', async () => {
  const sb = sandbox('--no-keeper', '--port', '0', '--chain-port', '0')
  try {
    const line = (await sb.printed(/\nkeeper +([^\n]*)\n/, 90_000))[1]!
    expect(line).toMatch(/posts the BTC index to btcUsdFeed/)
    expect(line).not.toMatch(/arbitrageur/)
  } finally {
    sb.stop()
  }
  expect(await sb.closed).toBe(0)
}, 120_000)
