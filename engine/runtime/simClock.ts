import type { UnixMs } from '../domain/units.ts'

/** The clock and spot a chain prices at. The loop moves it: to a bar's close for hooks, to the fill time and
 * price while the venue fills, so a fill is never priced at a later price than the one it fills at. */
export class SimClock {
  now: UnixMs = NaN
  px = NaN
  set(now: UnixMs, px: number): void { this.now = now; this.px = px }
  spot(): number { return this.px }
}
