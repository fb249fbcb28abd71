import { readFileSync } from 'node:fs'
import { Wallet } from 'ethers'
import { Secret } from '../config/secret.ts'
import type { OptvaultConfig } from '../config/loadConfig.ts'
import { InputError } from '../errors/input.ts'

/** The credentials a live run uses, each a Secret (prints as [redacted]; `.reveal()` only at the adapter). */
export interface LiveSecrets {
  readonly apiKey?: Secret
  readonly secret?: Secret
  readonly password?: Secret
  readonly privateKey?: Secret
  readonly rpcUrl?: Secret
}

export const KEYSTORE_ENV = 'OPTVAULT_KEYSTORE'
export const KEYSTORE_PASSWORD_ENV = 'OPTVAULT_KEYSTORE_PASSWORD'

/** Secrets from the config's execution.credentials (each one a `${ENV}` in the YAML, so the file holds none), plus a
 * wallet key from an encrypted JSON keystore when OPTVAULT_KEYSTORE names one: its password comes from
 * OPTVAULT_KEYSTORE_PASSWORD, never from the config or a flag (a flag shows in `ps`).
 * @example const s = await loadSecrets(config, process.env); venue({ apiKey: s.apiKey?.reveal() }) */
export async function loadSecrets(config: OptvaultConfig, env: NodeJS.ProcessEnv): Promise<LiveSecrets> {
  const c = config.execution.credentials ?? {}
  const out: { -readonly [K in keyof LiveSecrets]: LiveSecrets[K] } = { ...c }
  const file = env[KEYSTORE_ENV]
  if (file !== undefined && file !== '') {
    if (out.privateKey !== undefined) {
      throw new InputError(KEYSTORE_ENV, KEYSTORE_ENV, 'is set, and execution.credentials.privateKey is set too', `use one: unset ${KEYSTORE_ENV} or remove privateKey from the config.`)
    }
    out.privateKey = await readKeystore(file, env[KEYSTORE_PASSWORD_ENV])
  }
  return out
}

/** Decrypts an ethers (Web3 Secret Storage v3) keystore file to its private key.
 * @example const key = await readKeystore('wallet.json', process.env.OPTVAULT_KEYSTORE_PASSWORD) */
export async function readKeystore(file: string, password: string | undefined): Promise<Secret> {
  if (password === undefined || password === '') {
    throw new InputError(file, KEYSTORE_PASSWORD_ENV, 'is not set; it is the keystore\'s password', `export ${KEYSTORE_PASSWORD_ENV}=... in the environment of the live process.`)
  }
  let json: string
  try { json = readFileSync(file, 'utf8') } catch (e) {
    throw new InputError(file, KEYSTORE_ENV, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'point it at an encrypted JSON keystore file.')
  }
  try {
    const w = await Wallet.fromEncryptedJson(json, password)
    return new Secret(w.privateKey)
  } catch (e) {
    // ethers' message names the failure (wrong password, bad JSON); it never contains the password or the key
    throw new InputError(file, KEYSTORE_ENV, `could not be decrypted: ${(e as Error).message.split('(')[0]!.trim()}`, `check ${KEYSTORE_PASSWORD_ENV} and that the file is an ethers/geth keystore.`)
  }
}

/** Every revealed secret value, for the logger's value scrubber. */
export function secretValues(s: LiveSecrets): string[] {
  return [s.apiKey, s.secret, s.password, s.privateKey, s.rpcUrl].filter((x): x is Secret => x !== undefined).map((x) => x.reveal())
}
