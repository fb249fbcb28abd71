import { expect, test } from 'vitest'
import fc from 'fast-check'
import { escapeHtml, jsonForScript } from '../../../backtest/report/escapeHtml.ts'
import { formatNumber, formatPercent, formatTimeUtc } from '../../../backtest/report/displayFormat.ts'

test('escapeHtml leaves no markup character', () => {
  expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;')
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
    expect(escapeHtml(s)).not.toMatch(/[<>"']/)
  }))
})

test('jsonForScript cannot close its script element and parses back unchanged', () => {
  const v = { t: '</script><script>alert(1)</script>', u: '<!-- x', l: 'a\u2028b\u2029c' }
  const text = jsonForScript(v)
  expect(text).not.toMatch(/<\/?script|<!--/i)
  expect(JSON.parse(text)).toEqual(v)
  fc.assert(fc.property(fc.jsonValue(), (x) => {
    const t = jsonForScript(x)
    expect(t).not.toContain('<')
    expect(JSON.parse(t)).toEqual(JSON.parse(JSON.stringify(x)))
  }))
})

test('display formats', () => {
  expect(formatNumber(1234567.891)).toBe('1,234,567.89')
  expect(formatNumber(null)).toBe('—')
  expect(formatNumber(Infinity)).toBe('∞')
  expect(formatNumber(-0)).toBe('0.00') // epoch #1's fees in the quick start printed as "-0.00"
  expect(formatNumber(-0.004)).toBe('0.00')
  expect(formatNumber(-0.005)).toBe('-0.01')
  expect(formatNumber(-1234.5, 0)).toBe('-1,235')
  expect(formatPercent(-0.25)).toBe('-25.00%')
  expect(formatPercent(Infinity)).toBe('∞')
  expect(formatTimeUtc(Date.UTC(2024, 0, 5, 8))).toBe('2024-01-05 08:00')
})
