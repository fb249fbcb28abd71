import { expect, test } from 'vitest'
import { createFetchProgress } from '../../../data/fetch/fetchProgress.ts'

const sink = () => { let text = ''; return { err: (t: string) => { text += t }, isTty: false, text: () => text } }

test('off a terminal: plain lines, at most one per interval, the last one flushed on stop', () => {
  const s = sink()
  const p = createFetchProgress(s, { label: 'binance BTC/USDT 1h', everyMs: 60_000 })
  p.update(0.1, 100, 'up to 2024-01-05T03:00:00.000Z')
  p.update(0.5, 500, 'a')
  p.update(1, 1000, 'b')
  p.stop()
  expect(s.text()).toBe('binance BTC/USDT 1h: 10.0%, 100 rows, up to 2024-01-05T03:00:00.000Z\nbinance BTC/USDT 1h: 100.0%, 1000 rows, b\n')
})

test('--quiet prints nothing', () => {
  const s = sink()
  const p = createFetchProgress(s, { label: 'x', quiet: true })
  p.update(0.5, 1, 'n')
  p.stop()
  expect(s.text()).toBe('')
})
