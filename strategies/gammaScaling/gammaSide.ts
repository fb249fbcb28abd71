export type GammaSide = 'long' | 'short' | 'flat'

/** Long gamma when implied is cheap against the forecast (IV < threshold * forecast), short when rich
 * (IV > forecast / threshold, if shorting is allowed), flat in between: the band keeps the vault from flipping on
 * noise in the forecast. Symmetric in log terms: threshold 0.9 means "more than ~10% apart either way".
 * @example gammaSide(0.5, 0.6, 0.9, true) // 'long': 0.5 < 0.54 */
export function gammaSide(impliedVol: number, forecastVol: number, threshold: number, allowShort: boolean): GammaSide {
  if (!(impliedVol > 0) || !(forecastVol > 0)) return 'flat'
  if (impliedVol < threshold * forecastVol) return 'long'
  if (allowShort && impliedVol > forecastVol / threshold) return 'short'
  return 'flat'
}
