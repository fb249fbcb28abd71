/** JSON for vault states, so the live journal can store them. JSON has no bigint, so every bigint is written as
 * `{"$bigint":"123"}`: unambiguous (no account id or config field is an object with that one key) and exact at any
 * size, where a number would lose digits above 2^53. */
import { VaultInvariantError } from '../../errors/vault.ts'
import { validateVaultConfig } from './vaultConfig.ts'
import type { VaultState } from './vaultState.ts'

/** Bumped when the state shape changes, so an old journal fails loudly instead of loading half a state. */
export const VAULT_STATE_FORMAT = 1

/** JSON text of a vault state, bigints included exactly.
 * @example vaultStateFromJson(vaultStateToJson(state)) // deep-equals state */
export function vaultStateToJson(state: VaultState): string {
  return JSON.stringify({ format: VAULT_STATE_FORMAT, state }, (_key, value: unknown) =>
    typeof value === 'bigint' ? { $bigint: value.toString() } : value)
}

/** Parses vaultStateToJson output. Throws VaultInvariantError when the text is not such a document.
 * @example const restored = vaultStateFromJson(journalRow.stateJson) */
export function vaultStateFromJson(text: string): VaultState {
  let doc: unknown
  try {
    doc = JSON.parse(text, (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value)
        const raw = (value as { $bigint?: unknown }).$bigint
        if (keys.length === 1 && keys[0] === '$bigint') {
          if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw new VaultInvariantError(`bad bigint ${JSON.stringify(raw)} in vault state JSON`)
          return BigInt(raw)
        }
      }
      return value
    })
  } catch (cause) {
    if (cause instanceof VaultInvariantError) throw cause
    throw new VaultInvariantError('vault state JSON does not parse', `Check the journal entry; parser said: ${(cause as Error).message}`)
  }
  const d = doc as { format?: unknown; state?: VaultState } | null
  if (d === null || typeof d !== 'object' || d.format !== VAULT_STATE_FORMAT || typeof d.state !== 'object' || d.state === null) {
    throw new VaultInvariantError(`vault state JSON is not format ${VAULT_STATE_FORMAT}`, 'It was written by another optvault version or is not a vault state.')
  }
  if (typeof d.state.totalAssets !== 'bigint' || typeof d.state.epoch !== 'number' || typeof d.state.config !== 'object') {
    throw new VaultInvariantError('vault state JSON is missing totalAssets, epoch or config')
  }
  validateVaultConfig(d.state.config)
  return d.state
}
