import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { black76Greeks } from '../../../../engine/domain/pricing/black76.ts'
import { bsmGreeks } from '../../../../engine/domain/pricing/bsm.ts'
import { inverseGreeks } from '../../../../engine/domain/pricing/inverse.ts'
import {
  cashGamma, cashGammaPerPct, optionGreeks, optionGreeksInto, optionPrice,
} from '../../../../engine/domain/pricing/optionGreeks.ts'
import {
  GREEK_COUNT, GREEK_KEYS, GREEK_SLOT, type OptionInput, type OptionKind, type PricingModel,
} from '../../../../engine/domain/pricing/types.ts'
import { PricingInputError } from '../../../../engine/errors/pricing.ts'
import { near } from './expectGreeksMatchDifferences.ts'

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true })
const arbInput = fc.record({
  model: fc.constantFrom<PricingModel>('bsm', 'black76', 'inverse'),
  kind: fc.constantFrom<OptionKind>('call', 'put'),
  underlying: num(1, 1e5),
  m: num(0.3, 3),
  tYears: fc.oneof(num(0, 3), fc.constant(0)),
  sigma: fc.oneof(num(0, 3), fc.constant(0)),
  rate: num(-0.05, 0.2),
  div: num(-0.05, 0.1),
}).map(({ m, ...x }): OptionInput => ({ ...x, strike: x.underlying * m }))

describe('optionGreeks', () => {
  test('dispatches on model to the model functions, with GREEK_KEYS as its keys', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const g = optionGreeks(x)
      const common = { kind: x.kind, strike: x.strike, tYears: x.tYears, sigma: x.sigma, rate: x.rate }
      const want = x.model === 'bsm' ? bsmGreeks({ ...common, spot: x.underlying, div: x.div ?? 0 })
        : x.model === 'black76' ? black76Greeks({ ...common, forward: x.underlying })
        : inverseGreeks({ ...common, spot: x.underlying, div: x.div ?? 0 })
      expect(g).toEqual(want)
      expect(Object.keys(g)).toEqual([...GREEK_KEYS])
      expect(optionPrice(x)).toBe(g.price)
    }))
  })

  test('optionGreeksInto (the hot-path twin) agrees exactly with optionGreeks', () => {
    const out = new Float64Array(GREEK_COUNT)
    fc.assert(fc.property(arbInput, (x) => {
      optionGreeksInto(out, x.model, x.kind === 'call', x.underlying, x.strike, x.tYears, x.sigma, x.rate, x.div ?? 0)
      const g = optionGreeks(x)
      for (const k of GREEK_KEYS) expect(out[GREEK_SLOT[k]]).toBe(g[k])
    }))
  })

  test('put-call parity for all three models', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const c = optionPrice({ ...x, kind: 'call' })
      const p = optionPrice({ ...x, kind: 'put' })
      const q = x.div ?? 0
      const S = x.underlying, K = x.strike, t = x.tYears
      const want = x.model === 'bsm' ? S * Math.exp(-q * t) - K * Math.exp(-x.rate * t)
        : x.model === 'black76' ? Math.exp(-x.rate * t) * (S - K)
        : Math.exp(-q * t) - (K / S) * Math.exp(-x.rate * t)
      const scale = x.model === 'inverse' ? 1 + K / S : S + K
      near(c - p, want, 0, 1e-13 * scale)
    }), { numRuns: 1000 })
  })

  test('finite for every model over wide ranges, t = 0 and sigma = 0 included', () => {
    const wide = fc.record({
      model: fc.constantFrom<PricingModel>('bsm', 'black76', 'inverse'),
      kind: fc.constantFrom<OptionKind>('call', 'put'),
      underlying: num(1e-6, 1e9),
      logM: num(-12, 12),
      tYears: fc.oneof(fc.constant(0), num(0, 50), num(0, 1e-12)),
      sigma: fc.oneof(fc.constant(0), num(0, 10), num(0, 1e-9)),
      rate: num(-1, 1),
      div: num(-1, 1),
    })
    fc.assert(fc.property(wide, ({ logM, ...x }) => {
      const g = optionGreeks({ ...x, strike: x.underlying * Math.exp(logM) })
      for (const k of GREEK_KEYS) expect(Number.isFinite(g[k]), `${k} = ${g[k]}`).toBe(true)
      expect(g.price).toBeGreaterThanOrEqual(0)
    }), { numRuns: 3000 })
  })

  test('Haug p.2-8 first example through the public entry point: 2.1334', () => {
    // Haug 1998 p. 2-8 via QuantLib test-suite/europeanoption.cpp testValues (first row)
    near(optionPrice({ model: 'bsm', kind: 'call', underlying: 60, strike: 65, tYears: 0.25, sigma: 0.3, rate: 0.08 }),
      2.1334, 0, 1e-4)
  })

  test.each([
    [{ sigma: -0.1 }, 'sigma'],
    [{ tYears: Number.NaN }, 'tYears'],
    [{ underlying: 0 }, 'underlying'],
    [{ strike: -100 }, 'strike'],
    [{ rate: Infinity }, 'rate'],
    [{ div: Number.NaN }, 'div'],
    [{ model: 'heston' }, 'model'],
    [{ kind: 'straddle' }, 'kind'],
  ])('invalid %o throws PricingInputError naming %s', (bad, field) => {
    const x = { model: 'bsm', kind: 'call', underlying: 100, strike: 100, tYears: 1, sigma: 0.2, rate: 0, div: 0,
      ...bad } as OptionInput
    for (const f of [optionGreeks, optionPrice]) {
      let err: unknown
      try { f(x) } catch (e) { err = e }
      expect(err).toBeInstanceOf(PricingInputError)
      expect((err as PricingInputError).field).toBe(field)
      expect((err as Error).message).toContain(`Where: ${f.name}`)
    }
  })

  test('black76 ignores div, even a NaN one', () => {
    const x = { model: 'black76', kind: 'call', underlying: 100, strike: 100, tYears: 1, sigma: 0.2, rate: 0.03 } as const
    expect(optionPrice({ ...x, div: 0.5 })).toBe(optionPrice(x))
  })
})

describe('cashGamma', () => {
  test('is 0.5 gamma S^2 and predicts the value change of a small relative move', () => {
    // Haug p. 13 gamma example (QuantLib testGreekValues): S = 55, K = 60, t = 0.75, r = 0.10, vol = 0.30
    const x = { model: 'bsm', kind: 'call', underlying: 55, strike: 60, tYears: 0.75, sigma: 0.3, rate: 0.1 } as const
    const g = optionGreeks(x)
    near(g.gamma, 0.0278, 0, 1e-4)
    const cg = cashGamma(g.gamma, 55)
    near(cg, 0.5 * g.gamma * 55 * 55, 1e-15)
    // For a +-1% move the symmetric second difference removes delta: (V(+) + V(-) - 2V) ~ 2 cashGamma m^2
    const m = 0.01
    const up = optionPrice({ ...x, underlying: 55 * (1 + m) })
    const down = optionPrice({ ...x, underlying: 55 * (1 - m) })
    near((up + down - 2 * g.price) / 2, cashGammaPerPct(g.gamma, 55), 1e-3)
    expect(cashGammaPerPct(g.gamma, 55)).toBe(cg * 1e-4)
  })
})
