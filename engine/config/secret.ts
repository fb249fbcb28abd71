import { inspect } from 'node:util'
import { z } from 'zod'

const REDACTED = '[redacted]'

/** A credential read from the config (an API key, a private key, an RPC URL with a key in it). It prints,
 * stringifies and logs as "[redacted]" everywhere; only `reveal()` hands out the value, so a secret reaches
 * an adapter on purpose and never a log line by accident.
 * @example new Secret('abc').reveal() // 'abc'; String(new Secret('abc')) // '[redacted]' */
export class Secret {
  readonly #value: string
  constructor(value: string) { this.#value = value }
  reveal(): string { return this.#value }
  toString(): string { return REDACTED }
  toJSON(): string { return REDACTED }
  [inspect.custom](): string { return REDACTED }
}

/** Schemas of secret fields. The loader never echoes a value it finds at one of these, and insists the
 * value comes from `${ENV}` so no key is ever committed in a YAML file. */
export const secretFields = z.registry<{ readonly secret: true }>()

/** A secret string field: `${ENV}` in the YAML, a `Secret` after loading. */
export function secretString(description: string) {
  const s = z.string().min(1).transform((v) => new Secret(v)).describe(description)
  secretFields.add(s, { secret: true })
  return s
}

/** Marker for the redacted text, for tests and log readers. */
export const REDACTED_TEXT = REDACTED
