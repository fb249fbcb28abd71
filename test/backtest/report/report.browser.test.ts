// The report in a real headless Chromium (test/support/chromium.ts): charts drawn, nothing fetched, no console errors,
// tables complete, injected markup inert. Screenshots go to the test's tmp dir; set OPTVAULT_KEEP_TEST_OUTPUT=1 to keep it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium, openFile, type HeadlessChromium } from '../../support/chromium.ts'
import { sampleReportInput } from '../../../backtest/report/sampleReportInput.ts'
import { writeReport } from '../../../backtest/report/writeReport.ts'
import { summarizeVsBuyAndHold } from '../../../backtest/metrics/summarize.ts'
import type { ReportInput } from '../../../backtest/report/reportInput.ts'

/** Each chart and the colour of its main series (reportScript.ts): pixels of that colour prove data was drawn, where
 * axes and grid alone would pass a "not blank" check. */
const CHARTS: Record<string, [number, number, number]> = {
  'chart-nav': [0x25, 0x63, 0xeb], 'chart-pps': [0x25, 0x63, 0xeb], 'chart-spot': [0xf5, 0x9e, 0x0b], 'chart-drawdown': [0xdc, 0x26, 0x26],
  'chart-delta': [0x7c, 0x3a, 0xed], 'chart-gamma': [0x7c, 0x3a, 0xed], 'chart-vega': [0x7c, 0x3a, 0xed], 'chart-theta': [0x7c, 0x3a, 0xed],
  'chart-health': [0x0d, 0x94, 0x88], 'chart-attribution': [0x25, 0x63, 0xeb],
}
const CHART_IDS = Object.keys(CHARTS)

let dir: string
let browser: HeadlessChromium

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'optvault-report-'))
  browser = await launchChromium({ viewport: { width: 1440, height: 900 } })
}, CHROMIUM_INSTALL_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close()
  if (process.env.OPTVAULT_KEEP_TEST_OUTPUT !== '1') rmSync(dir, { recursive: true, force: true })
})

const open = (file: string) => openFile(browser, file)

/** Distinct RGBA colours and the share of pixels that differ from the top-left one, of a PNG decoded by the browser. */
// Browser-side code is kept as JavaScript text: the project compiles without the DOM lib, and these run in the page.
/** Counts distinct RGBA colours of an RGBA pixel array, pixels differing from the first one, pixels that are opaque,
 * and pixels within 40 (sum of channel differences) of `rgb`. */
const PIXEL_STATS_JS = `function pixelStats(px, rgb) {
  const seen = new Set(); let other = 0, painted = 0, series = 0
  for (let i = 0; i < px.length; i += 4) {
    seen.add(((px[i] << 24) | (px[i + 1] << 16) | (px[i + 2] << 8) | px[i + 3]) >>> 0)
    if (px[i] !== px[0] || px[i + 1] !== px[1] || px[i + 2] !== px[2]) other++
    if (px[i + 3] > 0) painted++
    if (rgb && px[i + 3] > 200 && Math.abs(px[i] - rgb[0]) + Math.abs(px[i + 1] - rgb[1]) + Math.abs(px[i + 2] - rgb[2]) < 40) series++
  }
  const n = px.length / 4
  return { colours: seen.size, nonBackground: other / n, painted: painted / n, series }
}`

interface PixelStats { colours: number; nonBackground: number; painted: number; series: number }

/** Stats of a PNG decoded by the browser itself (no PNG decoder needed in Node). */
async function pngStats(page: Page, png: Buffer): Promise<PixelStats & { width: number }> {
  return page.evaluate(`(async () => {
    ${PIXEL_STATS_JS}
    const img = new Image()
    img.src = 'data:image/png;base64,${png.toString('base64')}'
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.naturalWidth; c.height = img.naturalHeight
    const ctx = c.getContext('2d')
    ctx.drawImage(img, 0, 0)
    return { ...pixelStats(ctx.getImageData(0, 0, c.width, c.height).data, null), width: c.width }
  })()`)
}

/** Size and pixel stats of the canvas uPlot drew for one chart, or null when there is none. */
async function canvasStats(page: Page, chartId: string, rgb: readonly number[]): Promise<(PixelStats & { w: number; h: number }) | null> {
  return page.evaluate(`(() => {
    ${PIXEL_STATS_JS}
    const canvas = document.querySelector('#${chartId} canvas')
    if (canvas === null) return null
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
    return { ...pixelStats(px, ${JSON.stringify(rgb)}), w: canvas.width, h: canvas.height }
  })()`)
}

describe('report.html in headless Chromium', () => {
  const input = sampleReportInput({ bars: 24 * 7 * 12, seed: 5 })

  test('every chart draws, nothing is fetched, no console errors, tables complete', async () => {
    const file = join(dir, 'report.html')
    writeReport(file, input)
    const { page, requests, errors, dialogs } = await open(file)
    expect(await page.getAttribute('body', 'data-error')).toBeNull()
    expect(await page.getAttribute('body', 'data-charts')).toBe(String(CHART_IDS.length))
    expect(errors).toEqual([])
    expect(dialogs).toEqual([])
    expect(requests).toEqual([pathToFileURL(file).href]) // the file itself and nothing else

    for (const id of CHART_IDS) {
      // uPlot draws on one canvas per chart; read it back: it must have a size and more than a background's colours
      const c = await canvasStats(page, id, CHARTS[id] as [number, number, number])
      expect(c, id).not.toBeNull()
      expect(c?.w, id).toBeGreaterThan(200)
      expect(c?.h, id).toBeGreaterThan(80)
      expect(c?.colours, id).toBeGreaterThan(8) // lines, grid, anti-aliasing
      expect(c?.painted, id).toBeGreaterThan(0.005)
      expect(c?.series, id).toBeGreaterThan(150) // a few hundred pixels of the series' own colour
    }

    const rows = (sel: string) => page.locator(sel).count()
    expect(await rows('#epochs tbody tr')).toBe(input.epochs.length)
    expect(await rows('#attribution tbody tr')).toBe(input.attribution.length)
    expect(await rows('#attribution tfoot tr')).toBe(1)
    expect(await rows('#summary tbody tr')).toBe(14)
    expect(await rows('#config tbody tr')).toBe(Object.keys(input.config).length)
    expect(input.epochs.length).toBe(12)

    // screenshots: the whole page is not blank and the NAV chart region is not uniform
    const shotPath = join(dir, 'report.png')
    const full = await page.screenshot({ path: shotPath, fullPage: true })
    expect(statSync(shotPath).size).toBeGreaterThan(50_000)
    const fullStats = await pngStats(page, full)
    expect(fullStats.width).toBe(1440)
    expect(fullStats.colours).toBeGreaterThan(200)
    const nav = await page.locator('#chart-nav').screenshot({ path: join(dir, 'chart-nav.png') })
    const navStats = await pngStats(page, nav)
    expect(navStats.colours).toBeGreaterThan(30)
    expect(navStats.nonBackground).toBeGreaterThan(0.02)
    await page.close()
  })

  test('markup in the title, config and epoch types stays text', async () => {
    const evil = '</title></script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2; alert(1)">'
    const file = join(dir, 'evil.html')
    writeReport(file, { ...sampleReportInput({ bars: 24 * 7 * 2, seed: 2 }), title: evil, config: { [evil]: evil },
      epochs: [] })
    const { page, requests, errors, dialogs } = await open(file)
    expect(await page.getAttribute('body', 'data-error')).toBeNull()
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined')
    expect(await page.title()).toBe(evil)
    expect(await page.textContent('#title')).toBe(evil)
    expect(await page.locator('main img').count()).toBe(0)
    expect(await page.locator('#config td').first().textContent()).toBe(evil)
    expect(dialogs).toEqual([])
    expect(errors).toEqual([])
    expect(requests).toEqual([pathToFileURL(file).href]) // the <img src=x> would have been a request
    await page.close()
  })

  test('margin health: a 4.76e7 bar is clipped, the y-scale stays within the clip with the liquidation line drawn; legends and config keys read', async () => {
    const base = sampleReportInput({ bars: 24 * 7 * 4, seed: 5 })
    const n = base.bars.tMs.length
    // 12..13 like the quick-start covered call, one bar of 4.76e7 (maintenance margin near 0: the value its
    // equity.csv had on 2024-03-08), a stretch of Infinity (no margin used)
    const health = Float64Array.from({ length: n }, (_, i) => 12 + Math.sin(i / 9))
    health[60] = 4.76e7
    for (let i = 200; i < 230; i++) health[i] = Infinity
    const config = {
      strategy: 'covered-call (params: strikeRule, targetDelta, otmPct, snap, minDaysToExpiry, expiryWithinEpoch, sizePctOfNav, qtyStep, minPremium, premiumSource, modelSpreadVol)',
      execution: 'sim, fills next-bar, taker 5 bps, slippage 5 bps, and a long tail of words to squeeze the key column',
      data: '/a/very/long/path/that/has/no/spaces/at/all/data/samples/btc-usd-1h-sample-with-a-long-name.csv (1h bars)',
    }
    const file = join(dir, 'health.html')
    writeReport(file, { ...base, config, bars: { ...base.bars, health } })
    const { page, errors } = await open(file)
    expect(await page.getAttribute('body', 'data-error')).toBeNull()
    expect(errors).toEqual([])

    const clip = await page.evaluate('JSON.parse(document.getElementById("report-data").textContent).time.health.y.clippedAt') as number
    expect(clip).toBe(20)
    const yMax = Number(await page.getAttribute('#chart-health', 'data-y-max'))
    const yMin = Number(await page.getAttribute('#chart-health', 'data-y-min'))
    expect(yMax).toBeLessThanOrEqual(clip) // was 4.76e7: one bar squashed the rest into a flat line at 0
    expect(yMax).toBeGreaterThan(13) // and the ordinary 11..13 is on the chart
    expect(yMin).toBeLessThanOrEqual(0)
    // the liquidation line at 1: dashed, in the drawdown red (reportScript COLORS.dd), across the plot
    const red = await canvasStats(page, 'chart-health', [0xdc, 0x26, 0x26])
    expect(red?.series).toBeGreaterThan(120) // ~190 at 1440 px wide; 0 without the line
    expect(await page.locator('section', { has: page.locator('#chart-health') }).locator('.note').textContent())
      .toContain('Clipped at 20: 1 bar above it')

    // off the chart, the legend shows the last bar, not a dash; on it, the bar under the cursor
    const legendValue = (chart: string, k: number) => page.locator(`#${chart} .u-legend .u-series`).nth(k).locator('.u-value').textContent()
    expect(await legendValue('chart-health', 0)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d \(last bar\)$/)
    expect(await legendValue('chart-health', 1)).toBe((12 + Math.sin((n - 1) / 9)).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
    expect(await legendValue('chart-nav', 1)).not.toBe('—')
    await page.hover('#chart-health .u-over', { position: { x: 30, y: 20 } })
    expect(await legendValue('chart-health', 0)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)

    // every config key on one line (it broke as "strate / gy" when the value column took the width)
    const keyLines = await page.evaluate(`[...document.querySelectorAll('#config td:first-child')].map((td) => {
      const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length })`) as number[]
    expect(keyLines).toEqual([1, 1, 1])
    await page.close()
  })

  test('degenerate inputs still render: one bar, no epochs, no margin (health all NaN), flat Greeks', async () => {
    const base = sampleReportInput({ bars: 300, seed: 1 })
    const b = base.bars
    const first = (a: Float64Array) => a.slice(0, 1)
    const oneBar: ReportInput = {
      ...base, epochs: [], attribution: [],
      bars: { tMs: first(b.tMs), spot: first(b.spot), nav: first(b.nav), pps: first(b.pps), navBuyAndHold: first(b.navBuyAndHold),
        delta: first(b.delta), gamma: first(b.gamma), vega: first(b.vega), theta: first(b.theta), health: first(b.health) },
      summary: summarizeVsBuyAndHold({ tMs: first(b.tMs), nav: first(b.nav), spot: first(b.spot) }),
    }
    const n = b.tMs.length
    const noMargin: ReportInput = { ...base, bars: { ...b, health: new Float64Array(n).fill(NaN), delta: new Float64Array(n), gamma: new Float64Array(n) } }
    for (const [name, input, charts] of [['one-bar', oneBar, 9], ['no-margin', noMargin, 10]] as const) {
      const file = join(dir, `${name}.html`)
      writeReport(file, input)
      const { page, errors, requests } = await open(file)
      expect(await page.getAttribute('body', 'data-error'), name).toBeNull()
      expect(await page.getAttribute('body', 'data-charts'), name).toBe(String(charts)) // no epochs: no attribution chart
      expect(errors, name).toEqual([])
      expect(requests, name).toHaveLength(1)
      await page.close()
    }
  })
})
