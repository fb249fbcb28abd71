// `optvault stress cascade --html` in a real headless Chromium (test/support/chromium.ts), like the backtest report's
// test: charts drawn (pixels of each series' own colour on its canvas), nothing fetched, no console errors, the rounds
// table and the embedded data agree with --json, markup in the file name stays text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium, openFile, type HeadlessChromium } from '../../support/chromium.ts'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

const example = fileURLToPath(new URL('../../../config/examples/cascade.yaml', import.meta.url))
/** Each chart and its main series colour (cascadeReport.ts CASCADE_SCRIPT). */
const CHARTS: Record<string, [number, number, number]> = {
  'chart-liquidated': [0x25, 0x63, 0xeb], 'chart-price': [0xf5, 0x9e, 0x0b], 'chart-fund': [0x0d, 0x94, 0x88],
}

let dir: string
let browser: HeadlessChromium

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'optvault-cascade-report-'))
  browser = await launchChromium({ viewport: { width: 1440, height: 900 } })
}, CHROMIUM_INSTALL_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close()
  if (process.env.OPTVAULT_KEEP_TEST_OUTPUT !== '1') rmSync(dir, { recursive: true, force: true })
})

const cascade = async (...args: string[]) => {
  const io = bufferIo()
  const code = await main(['node', 'optvault', 'stress', 'cascade', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}

const open = (file: string) => openFile(browser, file)

/** Size of the chart's canvas and how many opaque pixels lie within 40 (sum over channels) of `rgb`. */
async function seriesPixels(page: Page, chartId: string, rgb: readonly number[]): Promise<{ w: number; h: number; series: number } | null> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('#${chartId} canvas')
    if (canvas === null) return null
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
    const rgb = ${JSON.stringify(rgb)}
    let series = 0
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 200 && Math.abs(px[i] - rgb[0]) + Math.abs(px[i + 1] - rgb[1]) + Math.abs(px[i + 2] - rgb[2]) < 40) series++
    }
    return { w: canvas.width, h: canvas.height, series }
  })()`)
}

describe('cascade.html in headless Chromium', () => {
  test('the shipped example: three charts drawn, nothing fetched, no console errors, data and table match --json', async () => {
    const html = join(dir, 'cascade.html')
    const r = await cascade(example, '--html', html)
    expect(r.code).toBe(0)
    const json = JSON.parse((await cascade(example, '--json')).out)
    expect(json.rounds.length).toBeGreaterThan(1)

    const { page, requests, errors, dialogs } = await open(html)
    expect(await page.getAttribute('body', 'data-error')).toBeNull()
    expect(await page.getAttribute('body', 'data-charts')).toBe('3')
    expect(errors).toEqual([])
    expect(dialogs).toEqual([])
    expect(requests).toEqual([pathToFileURL(html).href]) // the file itself and nothing else
    for (const [id, rgb] of Object.entries(CHARTS)) {
      const c = await seriesPixels(page, id, rgb)
      expect(c, id).not.toBeNull()
      expect(c!.w, id).toBeGreaterThan(200)
      expect(c!.h, id).toBeGreaterThan(80)
      expect(c!.series, id).toBeGreaterThan(150) // bars / line of the series' own colour, not just axes and grid
    }
    // the embedded data is the result: bars = liquidated notional by round, price and fund start right after the shock
    const data = JSON.parse(await page.textContent('#cascade-data') ?? 'null')
    expect(data.liquidatedUsd).toEqual(json.rounds.map((x: { liquidatedNotionalUsd: number }) => x.liquidatedNotionalUsd))
    expect(data.priceUsd).toEqual([json.shockedPriceUsd, ...json.rounds.map((x: { priceEndUsd: number }) => x.priceEndUsd)])
    expect(data.fundBtc).toEqual([2, ...json.rounds.map((x: { insuranceFundBtc: number }) => x.insuranceFundBtc)])
    expect(await page.locator('#rounds tbody tr').count()).toBe(json.rounds.length)
    expect(await page.locator('#config tbody tr').count()).toBeGreaterThan(10)
    expect(await page.textContent('header .sub')).toContain('settled')
    await page.close()
  })

  test('a shock nobody feels: no bars (a note instead), price and fund still drawn, no errors', async () => {
    const calm = readFileSync(example, 'utf8').replace('shock: -0.04', 'shock: -0.001').replace('leverage: [3, 40]', 'leverage: [2, 3]')
    const f = join(dir, 'calm.yaml')
    writeFileSync(f, calm)
    const html = join(dir, 'calm.html')
    expect((await cascade(f, '--html', html)).code).toBe(0)
    const { page, errors } = await open(html)
    expect(await page.getAttribute('body', 'data-error')).toBeNull()
    expect(await page.getAttribute('body', 'data-charts')).toBe('2')
    expect(await page.textContent('#chart-liquidated')).toContain('nothing was liquidated')
    expect(await page.locator('#rounds tbody tr').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  test('markup in the config file name stays text', async () => {
    const evil = join(dir, '<img src=x onerror="window.__pwned=1">.yaml')
    copyFileSync(example, evil)
    const html = join(dir, 'evil.html')
    expect((await cascade(evil, '--html', html)).code).toBe(0)
    const { page, requests, errors, dialogs } = await open(html)
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined')
    expect(await page.textContent('#title')).toBe(`Liquidation cascade: ${evil}`)
    expect(await page.locator('img').count()).toBe(0)
    expect(requests).toHaveLength(1)
    expect([...errors, ...dialogs]).toEqual([])
    await page.close()
  })
})
