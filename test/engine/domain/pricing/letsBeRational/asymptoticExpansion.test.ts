import { expect, test } from 'vitest'
import { asymptoticMillsRatioDifference } from '../../../../../engine/domain/pricing/letsBeRational/asymptoticExpansion.ts'

/** [h, t, Y(h + t) - Y(h - t)] with Y the Mills ratio: mpmath 1.3.0 at 120 digits as
 * b(2ht, 2t) / (exp(-(h^2 + t^2)/2) / sqrt(2 pi)), b = exp(ht) ncdf(h + t) - exp(-ht) ncdf(h - t), printed to 20 digits.
 * Dividing out the Gaussian keeps the values finite where b itself underflows (h = -50, -200). */
const REFERENCE: readonly (readonly [number, number, number])[] = [
  [-10.5, 0.2, 0.0035348153657629389563],
  [-12.0, 0.1, 0.0013610026064054993086],
  [-20.0, 5.0, 0.026437931053714581063],
  [-50.0, 0.01, 7.9904194651580520391e-6],
  [-200.0, 0.5, 0.000024998281446257800565],
  [-15.0, 4.0, 0.037688695281388318043],
  [-30.0, 19.0, 0.069776001497163727742],
  [-11.0, 0.9, 0.014614198201024103532],
]

test.each(REFERENCE)('Y(h+t) - Y(h-t) at h = %s, t = %s matches the 120-digit reference', (h, t, ref) => {
  // At the edge (h + t near -10) the seventeen-term series is good to ~4e-15 (next term: 33!! q^17 A_17 with
  // q ~ 1/100); deeper in, the early stop must still hold a few ulps.
  const tolerance = h + t > -12 ? 1e-14 : 8 * Number.EPSILON
  expect(Math.abs(asymptoticMillsRatioDifference(h, t) - ref) / ref).toBeLessThanOrEqual(tolerance)
})
