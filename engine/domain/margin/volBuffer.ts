import { MarginInvariantError } from '../../errors/margin.ts'
import type { MarginModel } from './types.ts'

/** Settings of the dynamic margin buffer ("predictive risk"). Vols are annualised fractions. */
export interface VolBufferParams {
  /** Forecast vol, e.g. from forecast/garch11.ts garch11TermVol or forecast/ewma.ts ewmaForecast. */
  readonly forecastVol: number
  /** The vol the base model's numbers were calibrated for, e.g. the 1-year realised vol. */
  readonly referenceVol: number
  /** The multiplier never goes below this: 1 means the buffer only ever adds margin. */
  readonly floor?: number
  /** Nor above this, so one wild forecast cannot liquidate the book at once. */
  readonly cap?: number
}

/** Multiplier the buffer applies: forecastVol / referenceVol, clamped to [floor, cap] (defaults 1 and 3).
 * @example volBufferMultiplier({ forecastVol: 0.9, referenceVol: 0.6 }) // 1.5 */
export function volBufferMultiplier(p: VolBufferParams): number {
  if (!(p.forecastVol >= 0) || !(p.referenceVol > 0)) {
    throw new MarginInvariantError(`vol buffer needs forecastVol >= 0 and referenceVol > 0, got ${p.forecastVol} and ${p.referenceVol}`,
      'pass annualised vols as fractions, e.g. 0.6')
  }
  return Math.min(p.cap ?? 3, Math.max(p.floor ?? 1, p.forecastVol / p.referenceVol))
}

/** Wraps a margin model and scales its IM and MM (account and per position) by volBufferMultiplier, so margin
 * rises before a forecast vol spike arrives rather than after the loss. IM >= MM is kept, as both scale alike.
 * @example withVolBuffer(standardMarginModel(), { forecastVol: garch11TermVol(fit, 7, 365), referenceVol: 0.6 }) */
export function withVolBuffer(base: MarginModel, p: VolBufferParams): MarginModel {
  const k = volBufferMultiplier(p)
  return {
    name: `${base.name}+vol-buffer(${k.toFixed(3)})`,
    initial: (a, m) => k * base.initial(a, m),
    maintenance: (a, m) => k * base.maintenance(a, m),
    perPosition: (a, m) => base.perPosition(a, m).map((x) => ({ instrument: x.instrument, im: k * x.im, mm: k * x.mm })),
  }
}
