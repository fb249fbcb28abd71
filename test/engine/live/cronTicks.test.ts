import { expect, test } from 'vitest'
import { cronTicks, dueTicks, lastTick } from '../../../engine/live/cronTicks.ts'
import type { UnixMs } from '../../../engine/domain/units.ts'

const u = (...a: [number, number, number, number?, number?]) => Date.UTC(a[0], a[1], a[2], a[3] ?? 0, a[4] ?? 0) as UnixMs

// Calendar reference: 7, 14 and 21 June 2024 are Fridays.
test('lists the scheduled times in UTC, oldest first', () => {
  expect(cronTicks('0 8 * * 5', u(2024, 5, 1), u(2024, 5, 21, 8))).toEqual([u(2024, 5, 7, 8), u(2024, 5, 14, 8), u(2024, 5, 21, 8)])
  expect(cronTicks('*/15 9 * * *', u(2024, 5, 7, 9), u(2024, 5, 7, 10))).toEqual([u(2024, 5, 7, 9, 15), u(2024, 5, 7, 9, 30), u(2024, 5, 7, 9, 45)])
  expect(cronTicks('0 8 * * fri', u(2024, 5, 1), u(2024, 5, 8))).toEqual([u(2024, 5, 7, 8)])
  expect(lastTick('0 * * * *', u(2024, 5, 7, 9, 30))).toBe(u(2024, 5, 7, 9))
})

test('missed ticks: run-once catches up with the latest, skip drops a late one, run-all replays each', () => {
  const now = u(2024, 5, 7, 12, 30)
  const lastDone = u(2024, 5, 7, 9)
  expect(dueTicks('0 * * * *', 'run-once', lastDone, now)).toEqual([u(2024, 5, 7, 12)])
  expect(dueTicks('0 * * * *', 'run-all', lastDone, now)).toEqual([u(2024, 5, 7, 10), u(2024, 5, 7, 11), u(2024, 5, 7, 12)])
  expect(dueTicks('0 * * * *', 'skip', lastDone, now)).toEqual([]) // 30 min late: over the 5 min grace
  expect(dueTicks('0 * * * *', 'skip', lastDone, u(2024, 5, 7, 12, 2))).toEqual([u(2024, 5, 7, 12)])
  expect(dueTicks('0 * * * *', 'run-once', u(2024, 5, 7, 12), now)).toEqual([]) // already done
  expect(dueTicks('0 8 * * 5', 'skip', undefined, now)).toEqual([u(2024, 5, 7, 8)]) // never run: its latest tick
})
