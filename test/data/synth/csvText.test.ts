import { expect, test } from 'vitest'
import { barsCsvText, volCsvText } from '../../../data/synth/csvText.ts'
import { simulateHeston } from '../../../data/synth/heston.ts'

test('exact canonical text: header, ISO ms timestamps of the bar open, shortest round-trip numbers', () => {
  const t = Date.UTC(2024, 0, 1)
  const bars = { length: 2, tMs: Float64Array.of(t, t + 60_000, 9e15), open: Float64Array.of(1, 0.1 + 0.2, 7),
    high: Float64Array.of(2, 1e21, 7), low: Float64Array.of(0.5, 1e-7, 7), close: Float64Array.of(1.5, 3, 7), volume: Float64Array.of(0, 12.25, 7) }
  // the third row is beyond `length` and must not appear
  expect(barsCsvText(bars)).toBe('ts,open,high,low,close,volume\n'
    + '2024-01-01T00:00:00.000Z,1,2,0.5,1.5,0\n'
    + '2024-01-01T00:01:00.000Z,0.30000000000000004,1e+21,1e-7,3,12.25\n')
  expect(volCsvText({ length: 1, tMs: Float64Array.of(t), vol: Float64Array.of(0.553) })).toBe('ts,vol\n2024-01-01T00:00:00.000Z,0.553\n')
})

test('parsing the text back gives the very same doubles', () => {
  const { bars, vol } = simulateHeston({ spot: 123.456, drift: 0.1, vol: 0.7, kappa: 2, theta: 0.5, xi: 0.9, rho: -0.4 },
    { startMs: 0, barMs: 3_600_000, bars: 500, subSteps: 7 }, 99)
  const rows = barsCsvText(bars).trim().split('\n').slice(1).map((l) => l.split(','))
  rows.forEach((r, i) => {
    expect(Date.parse(r[0] as string)).toBe(bars.tMs[i])
    expect(r.slice(1).map(Number)).toEqual([bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]])
  })
  const v = volCsvText(vol).trim().split('\n').slice(1)
  v.forEach((l, i) => expect(Number(l.split(',')[1])).toBe(vol.vol[i]))
})
