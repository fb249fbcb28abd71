import { InputError } from '../../engine/errors/input.ts'

/** A value a sweep puts at a config path: numbers for most parameters, strings or booleans for switches. */
export type ParamValue = number | string | boolean

/** One `--grid path=values` flag: the dotted config path and the values to try, in the order given. */
export interface GridAxis {
  readonly path: string
  readonly values: readonly ParamValue[]
}

// Ranges accumulate start + i*step, so 0.02:0.10:0.02 must still reach 0.10 despite 0.1 + 0.02 rounding.
const RANGE_TOLERANCE = 1e-9
const MAX_RANGE_VALUES = 100_000
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/

/** Parses `--grid path=v1,v2,v3` (a list) or `--grid path=start:stop:step` (an inclusive range; the stop counts
 * when it lies within 1e-9 of a step). List items that read as numbers or true/false become those, others stay
 * strings. Throws InputError naming the flag. */
export function parseGridFlag(text: string, flag = '--grid'): GridAxis {
  const eq = text.indexOf('=')
  const where = `${flag} ${text}`
  if (eq <= 0) throw new InputError(where, flag, `must be path=values, got "${text}"`, 'write --grid strategy.params.targetDelta=0.1,0.2 or --grid hedge.band=0.02:0.10:0.02.')
  const path = text.slice(0, eq).trim()
  const spec = text.slice(eq + 1).trim()
  if (!PATH.test(path)) throw new InputError(where, flag, `has "${path}", which is not a dotted config path`, 'write section.key, e.g. hedge.band.')
  if (spec === '') throw new InputError(where, flag, `gives no values for ${path}`, 'list values after "=", e.g. 0.1,0.2.')
  const parts = spec.split(':')
  if (parts.length === 3 && !spec.includes(',')) return { path, values: rangeValues(where, flag, parts as [string, string, string]) }
  if (parts.length !== 1) throw new InputError(where, flag, `has "${spec}", neither a list nor start:stop:step`, 'write 0.1,0.2,0.3 or 0.02:0.10:0.02.')
  const values = spec.split(',').map((s) => s.trim())
  if (values.some((v) => v === '')) throw new InputError(where, flag, `has an empty item in "${spec}"`, 'remove the doubled or trailing comma.')
  const parsed = values.map(scalar)
  const seen = new Set<string>()
  for (const v of parsed) {
    const key = JSON.stringify(v)
    if (seen.has(key)) throw new InputError(where, flag, `lists ${key} twice`, 'list each value once.')
    seen.add(key)
  }
  return { path, values: parsed }
}

function rangeValues(where: string, flag: string, [a, b, c]: [string, string, string]): number[] {
  const [start, stop, step] = [a, b, c].map(Number) as [number, number, number]
  if (![start, stop, step].every(Number.isFinite) || [a, b, c].some((s) => s.trim() === '')) {
    throw new InputError(where, flag, `has a range "${a}:${b}:${c}" with a non-number`, 'write start:stop:step with numbers, e.g. 0.02:0.10:0.02.')
  }
  if (step <= 0) throw new InputError(where, flag, `has step ${step}; the step must be positive`, 'write start:stop:step with stop >= start and step > 0.')
  if (stop < start) throw new InputError(where, flag, `has stop ${stop} below start ${start}`, 'write start:stop:step with stop >= start.')
  const count = Math.floor((stop - start) / step + RANGE_TOLERANCE) + 1
  if (count > MAX_RANGE_VALUES) throw new InputError(where, flag, `expands to ${count} values`, `use a larger step (at most ${MAX_RANGE_VALUES} values).`)
  const out: number[] = []
  // Rounded to 12 significant digits so 0.06000000000000001 prints and hashes as 0.06.
  for (let i = 0; i < count; i++) out.push(Number((start + i * step).toPrecision(12)))
  return out
}

function scalar(s: string): ParamValue {
  if (s === 'true') return true
  if (s === 'false') return false
  const n = Number(s)
  return Number.isFinite(n) && /^[-+]?(\d|\.\d)/.test(s) ? n : s
}
