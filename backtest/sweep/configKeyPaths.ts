import { parse } from 'yaml'
import { didYouMean } from '../../engine/config/didYouMean.ts'
import { InputError } from '../../engine/errors/input.ts'
import type { GridAxis } from './gridAxis.ts'

/** Every dotted path to a value in a config object (lists and scalars are leaves), e.g. hedge.band. */
export function configKeyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) return prefix === '' ? [] : [prefix]
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) return prefix === '' ? [] : [prefix]
  const out: string[] = []
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.push(...configKeyPaths(v, prefix === '' ? k : `${prefix}.${k}`))
  return out
}

// The sweep loads data once for every run, so a run may not point at other files.
const FIXED = /^data\.(bars|vol|funding|gas|chain)$/

/** Checks that each axis names a value the config has: written in the YAML, or filled in as a default by the
 * config and strategy schemas (`parsed`). An unknown path is bad input naming the flag, with a did-you-mean. */
export function checkGridPaths(axes: readonly GridAxis[], configText: string, parsed: unknown, configFile: string): void {
  const known = new Set([...configKeyPaths(parse(configText) as unknown), ...configKeyPaths(parsed)])
  const seen = new Set<string>()
  for (const a of axes) {
    const flag = `--grid ${a.path}`
    if (seen.has(a.path)) throw new InputError(flag, '--grid', `names ${a.path} twice`, 'give each path one --grid flag.')
    seen.add(a.path)
    if (FIXED.test(a.path)) throw new InputError(flag, '--grid', `sweeps ${a.path}, but a sweep loads its data once for all runs`, 'run one sweep per data file.')
    if (known.has(a.path)) continue
    const guess = didYouMean(a.path, [...known])
    const leafGuess = guess ?? [...known].find((k) => k.endsWith(`.${a.path.split('.').pop() as string}`))
    throw new InputError(flag, '--grid', `names ${a.path}, which is not a key of ${configFile}`,
      leafGuess !== undefined ? `did you mean ${leafGuess}?` : `use a dotted path to a key of the config, e.g. ${[...known].find((k) => k.startsWith('strategy.params.')) ?? 'hedge.band'}.`)
  }
}
