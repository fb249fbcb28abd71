import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Contract, JsonRpcProvider } from 'ethers'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { openJournal } from '../../../engine/adapters/sqlite/sqliteJournal.ts'
import { startSandbox, type Sandbox } from '../../../engine/sandbox/startSandbox.ts'
import { openLive } from '../../../engine/live/openLive.ts'
import { openChainVenue } from '../../../engine/live/openChainVenue.ts'
import type { SqliteJournal } from '../../../engine/adapters/sqlite/sqliteJournal.ts'
import type { UnixMs } from '../../../engine/domain/units.ts'

// The shipped config/sandbox-onchain.yaml against a sandbox (Deribit emulator + local EVM) on free ports, through the
// CLI as a user runs it: wall clock, process environment, real ccxt, real Uniswap v3 contracts, real SQLite.
const YAML = readFileSync(new URL('../../../config/sandbox-onchain.yaml', import.meta.url), 'utf8')
const ERC20 = ['function balanceOf(address) view returns (uint256)']
const TRADER = '0x00F4d7cfc09C1561ce0B032BBCC82CdB4b4D7acC' // sandbox account 1, the key in the YAML's default

let sb: Sandbox
let dir: string
let provider: JsonRpcProvider
beforeAll(async () => {
  sb = await startSandbox({ deribitPort: 0, chainPort: 0, currencies: ['BTC'] })
  provider = new JsonRpcProvider(sb.chain!.rpcUrl, sb.chain!.chainId, { staticNetwork: true, cacheTimeout: -1 })
  dir = mkdtempSync(join(tmpdir(), 'ov-onchain-'))
}, 120_000)
afterAll(async () => {
  provider?.destroy()
  await sb?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function cli(given: Readonly<Record<string, string>>, ...args: string[]) {
  // the wallet key never has a default in the YAML: it comes from the environment, as `optvault sandbox` prints it
  const env = { OPTVAULT_CHAIN_KEY: sb.onchainEnv()['OPTVAULT_CHAIN_KEY']!, ...given }
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, env)
  try {
    const io = bufferIo()
    const code = await main(['node', 'optvault', ...args], io)
    return { code, out: io.stdout(), err: io.stderr() }
  } finally {
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v }
  }
}

function configIn(name: string): string {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, YAML.replace('path: ../runs/sandbox-onchain.journal.sqlite', `path: ./${name}.sqlite`))
  return file
}

async function balances(): Promise<{ wbtc: bigint; usdc: bigint; nonce: number }> {
  const env = sb.onchainEnv()
  const of = (t: string) => new Contract(t, ERC20, provider).getFunction('balanceOf')(TRADER) as Promise<bigint>
  return { wbtc: await of(env['OPTVAULT_CHAIN_WBTC']!), usdc: await of(env['OPTVAULT_CHAIN_USDC']!), nonce: await provider.getTransactionCount(TRADER, 'latest') }
}

test('the YAML defaults are the sandbox deployment: same deployer, same order, same addresses on every start', () => {
  const env = sb.onchainEnv()
  for (const k of ['OPTVAULT_CHAIN_ROUTER', 'OPTVAULT_CHAIN_QUOTER', 'OPTVAULT_CHAIN_POOL', 'OPTVAULT_CHAIN_WBTC', 'OPTVAULT_CHAIN_USDC', 'OPTVAULT_CHAIN_FEED', 'OPTVAULT_CHAIN_ID']) {
    expect(YAML, k).toContain(`\${${k}:-${env[k]}}`)
  }
  // the private key is the one value with no default in a committed file
  expect(YAML).toContain('privateKey: ${OPTVAULT_CHAIN_KEY}')
  expect(YAML).not.toContain(env['OPTVAULT_CHAIN_KEY']!.slice(2))
  expect(sb.endpoints().join('\n')).toMatch(/export OPTVAULT_CHAIN_RPC=http:\/\/127\.0\.0\.1:\d+\n/)
})

test('live --once: epoch roll on Deribit, hedge swap on Uniswap journaled with its tx; a rerun sends nothing', async () => {
  // only the two URLs differ from the YAML's defaults here (free ports instead of 18545/18547)
  const env = { OPTVAULT_DERIBIT_URL: sb.deribit.url, OPTVAULT_CHAIN_RPC: sb.chain!.rpcUrl }
  const file = configIn('run')
  const before = await balances()
  const r = await cli(env, 'live', file, '--once')
  expect(r.err + r.out).not.toMatch(/error/i)
  expect(r.code).toBe(0)
  expect(r.out).toMatch(/epoch-roll @ .*: done: 1 order\(s\): 1 filled/)
  expect(r.out).toMatch(/hedge-check @ .*: done: 1 order\(s\): 1 filled/)
  expect(sb.deribit.received('private/sell')).toHaveLength(1) // the calls, on the exchange

  const j = openJournal(join(dir, 'run.sqlite'))
  try {
    const hedges = j.intents().filter((i) => i.instrument === 'UNIV3:BTC/USD')
    expect(hedges).toHaveLength(1)
    const h = hedges[0]!
    expect(h.state).toBe('filled')
    const tx = j.db.prepare('SELECT tx_hash AS txHash, nonce FROM chain_txs WHERE client_id = ?').get(h.clientId) as { txHash: string; nonce: number }
    expect(h.venueOrderId).toBe(tx.txHash)
    const receipt = await provider.getTransactionReceipt(tx.txHash)
    expect(receipt?.status).toBe(1)
    expect(receipt?.from).toBe(TRADER)
    // the wallet moved by exactly the hedge: base units of WBTC = qty * 1e8 (WBTC has 8 decimals)
    const after = await balances()
    const wbtcDelta = after.wbtc - before.wbtc
    // the strategy's size rounded to WBTC's base unit at the adapter, and nothing else
    expect(Math.abs(h.filledQty - h.qty)).toBeLessThanOrEqual(0.5e-8)
    const hedgeRaw = BigInt(Math.round(h.filledQty * 1e8))
    expect(wbtcDelta).toBe(h.side === 'buy' ? hedgeRaw : -hedgeRaw)
    const [fill] = j.fills().filter((f) => f.clientId === h.clientId)
    // USDC paid (or received) is the fill's price times its size, to the USDC base unit
    expect(Number(h.side === 'buy' ? before.usdc - after.usdc : after.usdc - before.usdc) / 1e6).toBeCloseTo(fill!.price * fill!.qty, 4)
    expect(j.guardTrips()).toHaveLength(0)
    // the wallet key (the YAML's default) shows in no log line and nowhere in the journal file
    const key = sb.onchainEnv()['OPTVAULT_CHAIN_KEY']!.slice(2)
    expect(r.err).toMatch(/"msg":"order answered"/)
    expect(r.err.toLowerCase()).not.toContain(key)
    for (const f of ['run.sqlite', 'run.sqlite-wal']) {
      if (existsSync(join(dir, f))) expect(readFileSync(join(dir, f)).toString('latin1').toLowerCase(), f).not.toContain(key)
    }
    expect(readFileSync(join(dir, 'run.sqlite')).toString('latin1')).toContain(tx.txHash) // the scan sees what is stored

    const again = await cli(env, 'live', file, '--once')
    expect(again).toMatchObject({ code: 0, out: 'nothing due: every job already ran for its latest tick\n' })
    const later = await balances()
    expect(later).toEqual(after) // no second swap, no other transaction from the wallet
    expect(sb.deribit.received('private/sell')).toHaveLength(1)

    // status shows the hedge from the journaled fill; kill --flatten swaps it back on Uniswap
    const st = await cli(env, 'status', file)
    expect(st.out).toContain(`UNIV3:BTC/USD        ${h.filledQty}`)
    const k = await cli(env, 'kill', file, '--flatten')
    expect(k.code).toBe(0)
    expect(k.out).toMatch(new RegExp(`flattened: ov-kill-\\d+-UNIV3:BTC/USD filled, filled ${h.filledQty}\n`))
    const flat = await balances()
    expect(flat.wbtc).toBe(before.wbtc) // exactly the hedge's WBTC base units went back
    expect(flat.usdc < after.usdc).toBe(h.side === 'sell')
    const st2 = await cli(env, 'status', file)
    expect(st2.out).not.toContain('UNIV3:BTC/USD')
  } finally { j.close() }
}, 120_000)

test('a crash between signing and broadcast: the restart broadcasts the recorded bytes, one swap, never two', async () => {
  const env = { ...process.env, OPTVAULT_DERIBIT_URL: sb.deribit.url, OPTVAULT_CHAIN_RPC: sb.chain!.rpcUrl, OPTVAULT_CHAIN_KEY: sb.onchainEnv()['OPTVAULT_CHAIN_KEY']! }
  const file = configIn('crash')
  const s = await openLive(file, { env, logLevel: 'silent' })
  try {
    const j = s.journal
    // the journal as the first process saw it: the transaction reaches chain_txs (fsynced), then the process dies
    // before eth_sendRawTransaction
    const dying = Object.assign(Object.create(j) as SqliteJournal, {
      clientIdStore: (now: () => UnixMs) => {
        const store = j.clientIdStore(now)
        return { lookup: store.lookup, record: async (id: string, sent: Parameters<typeof store.record>[1]) => { await store.record(id, sent); throw new Error('killed after the record, before the broadcast') } }
      },
    })
    const chain = s.config.execution.chain!
    const open = (journal: SqliteJournal) => openChainVenue({ config: s.config, configFile: file, chain, privateKey: undefined, journal, main: s.venue, hedgeId: 'UNIV3:BTC/USD', log: s.log, nowMs: Date.now as () => UnixMs })
    const intent = { clientId: 'ov-crash-hedge', instrument: 'UNIV3:BTC/USD', side: 'buy' as const, qty: 0.1, purpose: 'hedge' as const, reason: 'crash test' }
    const before = await balances()
    // status and the guards see the exchange account and the wallet side by side
    const b = await s.venue.balances()
    expect(b['WBTC']!.total).toBe(Number(before.wbtc) / 1e8)
    expect(b['USDC']!.total).toBe(Number(before.usdc) / 1e6)
    expect(b['BTC']!.total).toBeGreaterThan(9) // the emulator account's 10 BTC less fees and premium moves
    expect((b['ETH (wallet)'] ?? b['ETH'])!.total).toBeGreaterThan(9_000) // the sandbox funds each account with 10000 ETH for gas
    const first = open(dying)
    await expect(first.venue.submit(intent)).rejects.toThrow(/killed after the record/)
    first.close()
    const rec = j.db.prepare('SELECT tx_hash AS txHash, nonce FROM chain_txs WHERE client_id = ?').get(intent.clientId) as { txHash: string; nonce: number }
    expect(await provider.getTransaction(rec.txHash)).toBeNull() // signed and recorded, never broadcast
    const mid = await balances()
    expect(mid.wbtc).toBe(before.wbtc)
    // nothing was mined for the swap: the wallet's next nonce is still the recorded one (an exact USDC approval may
    // have gone before it, when the allowance left by the earlier test was short)
    expect(rec.nonce).toBe(mid.nonce)

    const restarted = open(j)
    const ack = await restarted.venue.submit(intent)
    expect(ack.venueOrderId).toBe(rec.txHash) // the same signed bytes, so the same hash
    expect(ack.status).toBe('filled')
    const after = await balances()
    expect(after.wbtc - before.wbtc).toBe(10_000_000n) // 0.1 WBTC in 8-decimal base units, bought once
    expect(after.nonce).toBe(rec.nonce + 1)
    const again = await restarted.venue.submit(intent) // a third attempt finds the mined swap
    expect(again.venueOrderId).toBe(rec.txHash)
    expect(await balances()).toEqual(after)
    restarted.close()
  } finally { s.journal.close() }
}, 120_000)

test('a feed that stopped updating trips the oracle guard: journaled, exit 1, nothing sent', async () => {
  const env = { OPTVAULT_DERIBIT_URL: sb.deribit.url, OPTVAULT_CHAIN_RPC: sb.chain!.rpcUrl }
  await sb.chain!.staleFeed(2 * 3600) // two hours old; the YAML's heartbeatSec is 3600
  const file = configIn('stale')
  const sells = sb.deribit.received('private/sell').length
  const before = await balances()
  const r = await cli(env, 'live', file, '--once')
  expect(r.code).toBe(1)
  expect(r.out).toMatch(/epoch-roll @ .*: tripped: Risk guard oracleMaxStalenessSec stopped the step: oracle chainlink BTC\/USD is stale/)
  expect(sb.deribit.received('private/sell')).toHaveLength(sells)
  expect(await balances()).toEqual(before)
  const j = openJournal(join(dir, 'stale.sqlite'))
  try {
    expect(j.guardTrips().map((t) => t.guard)).toContain('oracleMaxStalenessSec')
    expect(j.intents()).toHaveLength(0)
    expect(j.db.prepare('SELECT COUNT(*) AS n FROM chain_txs').get()).toEqual({ n: 0 })
  } finally { j.close() }
}, 120_000)

test('Chainlink 5% away from the pool TWAP and the Deribit index trips the deviation guard: nothing sent', async () => {
  const env = { OPTVAULT_DERIBIT_URL: sb.deribit.url, OPTVAULT_CHAIN_RPC: sb.chain!.rpcUrl }
  // a fresh round (not stale), at a price the other two sources do not share, which no feed post replaces
  sb.chain!.stopFeed()
  await sb.chain!.setOraclePrice(Math.round(sb.deribit.market.indexPrice('BTC', Date.now()) * 1.05))
  const file = configIn('deviation')
  const sells = sb.deribit.received('private/sell').length
  const before = await balances()
  const r = await cli(env, 'live', file, '--once')
  expect(r.code).toBe(1)
  expect(r.out).toMatch(/epoch-roll @ .*: tripped: Risk guard oracleMaxDeviationBps stopped the step: oracle sources disagree: chainlink BTC\/USD says \d+/)
  expect(sb.deribit.received('private/sell')).toHaveLength(sells)
  expect(await balances()).toEqual(before)
  const j = openJournal(join(dir, 'deviation.sqlite'))
  try {
    expect(j.guardTrips().map((t) => t.guard)).toContain('oracleMaxDeviationBps')
    expect(j.intents()).toHaveLength(0)
  } finally { j.close() }
}, 120_000)
