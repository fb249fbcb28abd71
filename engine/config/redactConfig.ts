import { REDACTED_TEXT, Secret } from './secret.ts'

/** `T` with every Secret replaced by the string "[redacted]". */
export type Redacted<T> = T extends Secret ? string
  : T extends readonly (infer U)[] ? Redacted<U>[]
  : T extends object ? { [K in keyof T]: Redacted<T[K]> }
  : T

/** A plain copy of a loaded config that is safe to log or print: every secret becomes "[redacted]".
 * Secrets already print as "[redacted]"; this also gives a plain object for JSON and YAML writers.
 * @example log.info({ config: redactConfig(cfg) }, 'starting') */
export function redactConfig<T>(cfg: T): Redacted<T> {
  return redact(cfg) as Redacted<T>
}

function redact(v: unknown): unknown {
  if (v instanceof Secret) return REDACTED_TEXT
  if (Array.isArray(v)) return v.map(redact)
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]))
  }
  return v
}
