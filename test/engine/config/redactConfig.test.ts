import { describe, expect, test } from 'vitest'
import { inspect } from 'node:util'
import { parseConfigText } from '../../../engine/config/parseConfigText.ts'
import { redactConfig } from '../../../engine/config/redactConfig.ts'
import { Secret } from '../../../engine/config/secret.ts'

const KEY = 'deribit-key-7c1f0a'
const PK = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const text = [
  'vault: { asset: BTC, initialNav: 10 }',
  'strategy: { name: covered-call }',
  'execution:',
  '  venue: deribit',
  '  credentials:',
  '    apiKey: ${DERIBIT_KEY}',
  '    privateKey: ${WALLET_PK}',
  '',
].join('\n')

describe('redactConfig and Secret', () => {
  const cfg = parseConfigText(text, 'live.yaml', { env: { DERIBIT_KEY: KEY, WALLET_PK: PK } })

  test('every secret becomes [redacted]; everything else is kept', () => {
    const r = redactConfig(cfg)
    expect(r.execution.credentials).toEqual({ apiKey: '[redacted]', privateKey: '[redacted]' })
    expect(r.execution.venue).toBe('deribit')
    expect(r.vault.initialNav).toBe(10)
    expect(r.schedule.epochRoll).toBe('0 8 * * 5')
  })

  test('no way of printing the config or its redacted copy shows a secret', () => {
    const r = redactConfig(cfg)
    for (const shown of [JSON.stringify(r), JSON.stringify(cfg), inspect(cfg, { depth: 10 }), inspect(r, { depth: 10 }), `${cfg.execution.credentials?.apiKey}`]) {
      expect(shown).not.toContain(KEY)
      expect(shown).not.toContain(PK.slice(2, 20))
    }
  })

  test('the adapter still gets the value on purpose', () => {
    expect(cfg.execution.credentials?.apiKey?.reveal()).toBe(KEY)
    expect(cfg.execution.credentials?.privateKey?.reveal()).toBe(PK)
  })

  test('redaction copies: the loaded config keeps its Secrets', () => {
    redactConfig(cfg)
    expect(cfg.execution.credentials?.apiKey).toBeInstanceOf(Secret)
  })
})
