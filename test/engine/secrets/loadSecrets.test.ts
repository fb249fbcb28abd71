import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encryptKeystoreJson, Wallet } from 'ethers'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readKeystore } from '../../../engine/secrets/loadSecrets.ts'
import { runLive } from '../../../engine/live/liveRunner.ts'
import { startHarness } from '../live/support/liveHarness.ts'

let dir: string
let file: string
const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d') // hardhat's account #1
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ov-keystore-'))
  file = join(dir, 'wallet.json')
  // scrypt N = 2^10 keeps the test fast; real keystores use 2^18 and decrypt the same way
  writeFileSync(file, await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, 'correct horse', { scrypt: { N: 1024 } }))
}, 30_000)
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

test('an ethers keystore decrypts to its key with the password from the environment; the Secret never prints it', async () => {
  const key = await readKeystore(file, 'correct horse')
  expect(key.reveal()).toBe(wallet.privateKey)
  expect(String(key)).toBe('[redacted]')
  expect(JSON.stringify({ key })).not.toContain(wallet.privateKey.slice(2))
  expect(readFileSync(file, 'utf8')).not.toContain(wallet.privateKey.slice(2)) // the file is encrypted
})

test('a wrong or missing password is an input error naming the variable, without the password', async () => {
  const wrong = (await readKeystore(file, 'battery staple').catch((e: unknown) => e)) as Error
  expect(wrong.message).toMatch(/could not be decrypted/)
  expect(wrong.message).not.toContain('battery staple')
  await expect(readKeystore(file, undefined)).rejects.toThrow(/OPTVAULT_KEYSTORE_PASSWORD is not set/)
})

test('a live run with real keys: no key or secret in any log line or any journal row', async () => {
  const keys = { apiKey: 'AKIA-live-key-7f3e9c', secret: 'SECRET-live-9d2b4a1c' }
  const h = await startHarness({ keys })
  try {
    const s = await h.open()
    // a reject and a retry put venue errors (which echo requests) in the log too
    h.sb.deribit.serverErrorNext(1, 502, 'private/sell')
    const r = await runLive(s, { once: true })
    expect(r.map((x) => x.status)).toEqual(['done', 'done'])
    const logs = h.logs.join('')
    expect(logs.length).toBeGreaterThan(1000)
    // the keys did reach the venue: every private call was signed with them
    expect(String(h.sb.deribit.received('private/sell')[0]!.headers['authorization'])).toContain(`id=${keys.apiKey}`)
    const rows: string[] = []
    for (const { name } of s.journal.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
      for (const row of s.journal.db.prepare(`SELECT * FROM ${name}`).all()) rows.push(JSON.stringify(row))
    }
    expect(rows.length).toBeGreaterThan(10)
    for (const text of [logs, ...rows]) {
      expect(text).not.toContain(keys.apiKey)
      expect(text).not.toContain(keys.secret)
    }
  } finally {
    await h.close()
  }
})
