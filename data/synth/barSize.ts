/** Bar sizes the synthetic generators and `optvault data synth` emit, as their length in ms. Crypto trades
 * 24/7, so a day is always 24 bars of 1h and 1440 of 1m: no sessions, weekends or holidays. */
export const BAR_SIZE_MS = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 } as const

export type BarSize = keyof typeof BAR_SIZE_MS

/** True when `text` names a supported bar size.
 * @example isBarSize('1h') // true */
export function isBarSize(text: string): text is BarSize {
  return Object.hasOwn(BAR_SIZE_MS, text)
}
